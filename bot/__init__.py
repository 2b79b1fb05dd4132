"""Framework-free core of the out-of-hours repair intake."""
