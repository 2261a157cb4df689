"""The development issuer: a small OpenID Connect provider that exists only
with ``KEZEK_ENV=development``. ``kezek up`` starts it on ``DEV_ISSUER_PORT``
(8090) unless ``OIDC_ISSUER`` names a real provider; its key pair lives in
``DEV_ISSUER_HOME``. The services fetch its JWKS like any provider's, the
console signs users in through its page (the code flow with PKCE S256), and
``kezek token`` signs with the same key."""

DEV_ISSUER_PORT = 8090
ONLY_IN_DEVELOPMENT = (
    "the development issuer signs whatever its page is told, so it runs only "
    "with KEZEK_ENV=development; elsewhere set OIDC_ISSUER to your identity "
    "provider"
)
