"""The property register: units imported from CSV and matched to free-text addresses."""
