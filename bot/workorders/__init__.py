"""Work orders: from a ticket to the right tradesperson and on until it is fixed."""
