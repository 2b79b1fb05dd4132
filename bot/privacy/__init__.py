"""Personal data: retention (anonymise and delete what is old) and erasure of one person by phone number."""
