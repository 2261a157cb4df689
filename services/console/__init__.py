"""The console: a backend for the browser that calls the other services'
public APIs with the signed-in user's token (it owns no patient data)."""
