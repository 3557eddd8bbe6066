"""PostgreSQL with a time limit on every call a request makes (see ``base``)."""
