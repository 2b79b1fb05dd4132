"""Intake rules: what counts as an answer and the safety-question tree, as plain functions over plain values."""
