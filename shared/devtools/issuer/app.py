"""``python -m shared.devtools.issuer``'s aiohttp app: an OpenID Connect
provider for development only (the code flow with PKCE S256).

GET  /                                    what this is, in the reader's language
GET  /.well-known/openid-configuration    the discovery document
GET  /jwks                                the signing key, public
GET  /authorize                           the development sign-in page
POST /authorize                           the page's form -> 302 to the client
POST /token                               a code or a refresh token -> tokens
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from aiohttp import web

from shared.devtools.issuer.authorization import (
    PARAMETERS,
    AuthorizationRefused,
    authorization_request,
)
from shared.devtools.issuer.grants import NO_STORE, text_fields, token
from shared.devtools.issuer.issuing import ISSUER, DevelopmentIssuer
from shared.devtools.issuer.sign_in import (
    STYLESHEET,
    FormState,
    SignInRefused,
    index_page,
    page_language,
    page_response,
    refused_page,
    sign_in_from_form,
    sign_in_page,
)


async def index(request: web.Request) -> web.Response:
    language = page_language(request, request.query.get("ui_locales", ""))
    issuer = request.app[ISSUER]
    return page_response(
        index_page(language, issuer.endpoint("/.well-known/openid-configuration")),
        language,
    )


async def discovery(request: web.Request) -> web.Response:
    return web.json_response(request.app[ISSUER].discovery())


async def jwks(request: web.Request) -> web.Response:
    return web.json_response({"keys": [request.app[ISSUER].key.jwk()]})


async def stylesheet(request: web.Request) -> web.Response:
    return web.Response(body=STYLESHEET, content_type="text/css", charset="utf-8")


async def show_sign_in(request: web.Request) -> web.Response:
    params = text_fields(request.query)
    language = page_language(request, params.get("ui_locales", ""))
    try:
        authorization_request(params)
    except AuthorizationRefused as refusal:
        body = refused_page(language, refusal.field, refusal.problem, params)
        return page_response(body, language, status=400)
    issuer = request.app[ISSUER]
    seal = issuer.seal.seal(params)
    return page_response(
        sign_in_page(language, params, seal, issuer.registry), language
    )


async def sign_in(request: web.Request) -> web.Response:
    """The form, with the request's parameters as the GET showed them
    (sealed), checked again; then back to the client with a code."""
    form = text_fields(await request.post())
    language = page_language(request, form.get("ui_locales", ""))
    issuer = request.app[ISSUER]
    params = {name: form.get(name, "") for name in PARAMETERS}
    try:
        if not issuer.seal.holds(params, form.get("seal", "")):
            raise AuthorizationRefused("seal", "tampered")
        authorized = authorization_request(params)
    except AuthorizationRefused as refusal:
        body = refused_page(language, refusal.field, refusal.problem, params)
        return page_response(body, language, status=400)
    try:
        person = sign_in_from_form(form, issuer.registry)
    except SignInRefused as refusal:
        state = FormState(
            role=form.get("role", ""),
            facility=form.get("facility", ""),
            name=form.get("name", ""),
            problems=refusal.problems,
        )
        body = sign_in_page(language, params, form["seal"], issuer.registry, state)
        return page_response(body, language, status=400)
    code = issuer.codes.issue(authorized, person)
    answer = {"code": code, **({"state": authorized.state} if authorized.state else {})}
    raise web.HTTPFound(with_query(authorized.redirect_uri, answer), headers=NO_STORE)


def with_query(uri: str, added: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(filter(None, (parts.query, urlencode(added))))
    return urlunsplit(parts._replace(query=query))


def make_app(issuer: DevelopmentIssuer) -> web.Application:
    app = web.Application()
    app[ISSUER] = issuer
    app.router.add_get("/", index)
    app.router.add_get("/.well-known/openid-configuration", discovery)
    app.router.add_get("/jwks", jwks)
    app.router.add_get("/sign-in.css", stylesheet)
    app.router.add_get("/authorize", show_sign_in)
    app.router.add_post("/authorize", sign_in)
    app.router.add_post("/token", token)
    return app
