"""The Keycloak realm docker-compose imports keeps the identity contract: the
three roles, demo users each with one role and a facility that fits it, the
console as a public PKCE client, tokens with the audience and the facility
claim the services read, and a lifetime the services accept. Compose's
OIDC_* settings name this realm."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from shared.identity.principal import ROLES, ClaimNames, claim_at, principal_of
from shared.reference.registry import default_registry
from shared.settings import ServiceSettings
from tests.unit.platform.compose_file import compose, default_of

ROOT = Path(__file__).resolve().parents[3]
REALM_FILE = ROOT / "deploy" / "keycloak" / "kezek-realm.json"
IMPORT_DIR = "/opt/keycloak/data/import"
CONSOLE_CLIENT = "kezek-console"


def realm() -> dict[str, Any]:
    return dict(json.loads(REALM_FILE.read_text(encoding="utf-8")))


def console_client() -> dict[str, Any]:
    (client,) = [c for c in realm()["clients"] if c["clientId"] == CONSOLE_CLIENT]
    return dict(client)


def mappers(kind: str) -> list[dict[str, Any]]:
    return [
        m for m in console_client()["protocolMappers"] if m["protocolMapper"] == kind
    ]


def roles_of(user: dict[str, Any]) -> list[str]:
    return [role for role in user.get("realmRoles", []) if role in ROLES]


def facility_of(user: dict[str, Any]) -> str:
    (facility,) = user["attributes"]["facility"]
    return str(facility)


def test_the_realm_defines_the_three_roles():
    names = {role["name"] for role in realm()["roles"]["realm"]}
    assert set(ROLES) <= names


def test_each_demo_user_has_one_role_and_a_password_that_stays():
    users = realm()["users"]
    assert {role for user in users for role in roles_of(user)} == set(ROLES)
    for user in users:
        assert len(roles_of(user)) == 1, user["username"]
        assert user["enabled"] and not user.get("requiredActions")
        (password,) = user["credentials"]
        assert password["type"] == "password" and password["temporary"] is False
        assert "demo" in password["value"]


def test_each_demo_users_facility_fits_the_role():
    registry = default_registry()
    hospitals = {f.id for f in registry.hospitals()}
    for user in realm()["users"]:
        (role,), facility = roles_of(user), facility_of(user)
        if role == "doctor":
            assert registry.get(facility) is not None, facility
            assert facility not in hospitals, f"{facility} refers nobody: a hospital"
        elif role == "hospital":
            assert facility in hospitals, facility
        else:
            # The bureau works across facilities; its tokens name it, not one
            # of the registry's (as the tests' admin tokens do: KZ-00-...).
            assert registry.get(facility) is None
            assert facility.split("-")[1] not in registry.regions


def test_the_facility_is_a_declared_attribute_only_an_admin_may_change():
    (provider,) = realm()["components"]["org.keycloak.userprofile.UserProfileProvider"]
    (config,) = provider["config"]["kc.user.profile.config"]
    attributes = {a["name"]: a for a in json.loads(config)["attributes"]}
    assert {"username", "email", "firstName", "lastName", "facility"} <= set(attributes)
    assert attributes["facility"]["permissions"]["edit"] == ["admin"]


def test_the_console_is_a_public_client_with_the_code_flow_and_pkce_s256():
    client = console_client()
    assert client["publicClient"] is True and client["standardFlowEnabled"] is True
    assert client["implicitFlowEnabled"] is False
    assert client["directAccessGrantsEnabled"] is False
    assert client.get("serviceAccountsEnabled", False) is False
    assert client["attributes"]["pkce.code.challenge.method"] == "S256"
    assert client["redirectUris"]
    for uri in client["redirectUris"]:
        address = urlsplit(uri)
        assert address.port == 8084 and address.path == "/auth/callback", uri
    assert client["webOrigins"] and client["attributes"]["post.logout.redirect.uris"]


def test_the_console_gets_the_built_in_scopes_with_sub_name_and_realm_roles():
    # No clientScopes in the realm: Keycloak creates its built-in ones
    # (basic carries sub, profile the name, roles realm_access.roles).
    assert "clientScopes" not in realm()
    assert {"basic", "profile", "roles"} <= set(console_client()["defaultClientScopes"])


def test_access_tokens_carry_the_kezek_audience():
    (audience,) = mappers("oidc-audience-mapper")
    assert audience["config"]["included.custom.audience"] == "kezek"
    assert audience["config"]["access.token.claim"] == "true"


def test_the_facility_attribute_becomes_the_facility_claim():
    (facility,) = mappers("oidc-usermodel-attribute-mapper")
    config = facility["config"]
    assert config["user.attribute"] == "facility"
    assert config["claim.name"] == "facility"
    assert config["access.token.claim"] == config["id.token.claim"] == "true"
    assert config.get("multivalued", "false") == "false"


def test_a_token_as_the_realm_shapes_it_names_the_demo_users_principal():
    names = ClaimNames(role="realm_access.roles", facility="facility")
    for user in realm()["users"]:
        claims = {
            "sub": "a-keycloak-user-id",
            "realm_access": {"roles": [*user["realmRoles"], "default-roles-kezek"]},
            "facility": facility_of(user),
        }
        principal = principal_of(claims, names, default_registry().facilities)
        assert (principal.role, principal.facility) == (
            roles_of(user)[0],
            facility_of(user),
        )


def test_tokens_live_no_longer_than_the_services_accept():
    lifespan = realm()["accessTokenLifespan"]
    accepted = ServiceSettings().jwt_max_lifetime_hours * 3600
    assert 0 < lifespan <= min(8 * 3600, accepted)
    assert 0 < realm()["ssoSessionIdleTimeout"] <= realm()["ssoSessionMaxLifespan"]


def test_the_sign_in_pages_speak_kazakh_russian_and_english():
    settings = realm()
    assert settings["internationalizationEnabled"] is True
    assert set(settings["supportedLocales"]) == {"kk", "ru", "en"}
    assert settings["defaultLocale"] == "ru"


def test_compose_imports_this_realm_file_into_keycloak():
    keycloak = compose()["services"]["keycloak"]
    assert keycloak["image"].startswith("quay.io/keycloak/keycloak:")
    assert keycloak["image"].split(":")[1][0].isdigit(), "pin a version"
    assert keycloak["command"] == ["start-dev", "--import-realm"]
    mounts = [v.split(":") for v in keycloak["volumes"]]
    sources = [
        ROOT / source for source, target, *_ in mounts if target.startswith(IMPORT_DIR)
    ]
    assert REALM_FILE in [source.resolve() for source in sources]
    assert "8080:8080" in keycloak["ports"] and keycloak["healthcheck"]["test"]


def test_compose_oidc_settings_name_the_realm_and_its_audience():
    services = compose()["services"]
    for name in ("referral", "queue", "notification", "console"):
        environment = services[name]["environment"]
        issuer = urlsplit(default_of(environment["OIDC_ISSUER"]))
        assert issuer.path == f"/realms/{realm()['realm']}", name
        assert issuer.port == 8080 and issuer.hostname == "localhost"
        discovery = urlsplit(default_of(environment["OIDC_DISCOVERY_URL"]))
        assert discovery.hostname == "keycloak", name
        assert discovery.path == issuer.path + "/.well-known/openid-configuration"
        (audience,) = mappers("oidc-audience-mapper")
        assert (
            environment["OIDC_AUDIENCE"]
            == audience["config"]["included.custom.audience"]
        )
        assert claim_at(
            {"realm_access": {"roles": ["doctor"]}}, environment["OIDC_ROLE_CLAIM"]
        )
        assert environment["OIDC_FACILITY_CLAIM"] == "facility"
        assert (
            services[name]["depends_on"]["keycloak"]["condition"] == "service_healthy"
        )
    keycloak = services["keycloak"]["environment"]
    issuer = default_of(services["referral"]["environment"]["OIDC_ISSUER"])
    assert issuer == f"{keycloak['KC_HOSTNAME']}/realms/{realm()['realm']}"


def test_compose_sends_the_console_to_the_console_client():
    console = compose()["services"]["console"]["environment"]
    assert console["OIDC_CLIENT_ID"] == CONSOLE_CLIENT
    public = urlsplit(console["CONSOLE_PUBLIC_URL"])
    callbacks = console_client()["redirectUris"]
    assert f"{console['CONSOLE_PUBLIC_URL']}/auth/callback" in callbacks
    assert public.port == 8084
