"""A repair from the tenant's side and the API's: reporting it (ticket, page, work order), asking about or
cancelling it, and the views of it the API and Open311 serve. Above tickets, alerts, work orders and access."""
