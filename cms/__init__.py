"""Project package: settings, URLs, WSGI, and what the portal and club trees share."""
