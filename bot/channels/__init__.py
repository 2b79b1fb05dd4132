"""The turn flows of the two channels (SMS, web chat) over the message store: above alerts, work orders and access."""
