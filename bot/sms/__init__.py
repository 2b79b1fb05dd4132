"""SMS: a sender interface, the Twilio implementation, a recording fake, segment counting."""
