"""The development sign-in page: the reader says who they are (a role, a
facility of the registry, a name), in Kazakh, Russian or English. Plain
HTML forms, no script; the stylesheet is the page's only other file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import urlencode

from aiohttp import web

from shared.contracts.parts import LANGUAGES
from shared.devtools.issuer.authorization import PARAMETERS
from shared.devtools.issuer.codes import SignIn
from shared.devtools.issuer.texts import DEFAULT_LANGUAGE, LANGUAGE_NAMES, TEXTS
from shared.http.languages import choose_language, language_headers
from shared.identity import ROLES
from shared.reference.registry import Registry

HERE = Path(__file__).parent
SHELL = Template((HERE / "page.html").read_text(encoding="utf-8"))
STYLESHEET = (HERE / "sign-in.css").read_bytes()
BUREAU = "KZ-00-ADMIN"
"""The facility an admin's token names: the Hospitalization Bureau."""
NAME_LONGEST = 80
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; form-action 'self' "
        "http://127.0.0.1:* http://localhost:* https://127.0.0.1:* "
        "https://localhost:*; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
"""No script at all; the form posts here (and the redirect after it goes
back to an application on this machine)."""


class SignInRefused(ValueError):
    def __init__(self, problems: Mapping[str, str]):
        super().__init__(", ".join(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class FormState:
    """What the form shows: the reader's choice, and each field's problem."""

    role: str = ROLES[0]
    facility: str = ""
    name: str = ""
    problems: Mapping[str, str] = field(default_factory=dict)


def sign_in_from_form(form: Mapping[str, str], registry: Registry) -> SignIn:
    """Whom the form names; SignInRefused with each field's problem. An
    admin's facility is always the bureau."""
    role, facility = form.get("role", ""), form.get("facility", "")
    name = " ".join(form.get("name", "").split())
    problems = {}
    if role not in ROLES:
        problems["role"] = "role_unknown"
    if not name or len(name) > NAME_LONGEST:
        problems["name"] = "name_missing"
    if role == "admin":
        facility = BUREAU
    elif registry.get(facility) is None:
        problems["facility"] = "facility_unknown"
    if problems:
        raise SignInRefused(problems)
    return SignIn(role=role, facility=facility, name=name)


def page_language(request: web.Request, ui_locales: str) -> str:
    """The first of ``ui_locales`` (OIDC: space-separated tags, by
    preference) that is one of ours, else the browser's language."""
    for tag in ui_locales.split():
        language = tag.split("-", 1)[0].lower()
        if language in LANGUAGES:
            return language
    return choose_language(request.headers.get("Accept-Language"), DEFAULT_LANGUAGE)


def page_response(body: str, language: str, status: int = 200) -> web.Response:
    response = web.Response(text=body, status=status, content_type="text/html")
    response.headers.update({**PAGE_HEADERS, **language_headers(language)})
    return response


def _page(language: str, content: str, link: Mapping[str, str]) -> str:
    """The shell around ``content``; ``link`` is the query each language's
    link keeps (the page's own address with ``ui_locales`` replaced)."""
    texts = TEXTS[language]
    links = "".join(
        f'<li><a href="?{escape(urlencode({**link, "ui_locales": other}))}" '
        f'lang="{other}" aria-current="{str(other == language).lower()}">'
        f"{LANGUAGE_NAMES[other]}</a></li>"
        for other in LANGUAGES
    )
    return SHELL.substitute(
        lang=language,
        title=escape(texts["title"]),
        environment=escape(texts["environment"]),
        languages_label=escape(texts["languages"]),
        languages=links,
        content=content,
    )


def refused_page(
    language: str, field_name: str, problem: str, params: Mapping[str, str]
) -> str:
    """Why the request ``params`` cannot be served (each language's link
    shows the same refusal in that language)."""
    texts = TEXTS[language]
    message = texts[problem].format(field=field_name)
    content = (
        f'<h2>{escape(texts["refused"])}</h2><p class="error" role="alert">'
        f"{escape(message)}</p><p>{escape(texts['again'])}</p>"
    )
    return _page(language, content, params)


def index_page(language: str, discovery_url: str) -> str:
    texts = TEXTS[language]
    content = (
        f'<p>{escape(texts["issuer"])}</p><p><a href="{escape(discovery_url)}">'
        f"{escape(texts['discovery'])}</a></p>"
    )
    return _page(language, content, {})


def sign_in_page(
    language: str,
    params: Mapping[str, str],
    seal: str,
    registry: Registry,
    state: FormState | None = None,
) -> str:
    texts = TEXTS[language]
    state = state or FormState(name=texts["default_name"])
    carried = {name: params.get(name, "") for name in PARAMETERS}
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in {**carried, "seal": seal, "ui_locales": language}.items()
    )
    content = (
        f"<p>{escape(texts['notice'])}</p><p>{_client_line(texts, params)}</p>"
        f'<form method="post" action="/authorize" novalidate>{hidden}'
        f"{_roles(texts, state)}{_facilities(texts, language, registry, state)}"
        f'{_name(texts, state)}<button type="submit">{escape(texts["submit"])}'
        "</button></form>"
    )
    return _page(language, content, carried)


def _client_line(texts: Mapping[str, str], params: Mapping[str, str]) -> str:
    return texts["client"].format(
        client=f"<code>{escape(params.get('client_id', ''))}</code>",
        redirect=f"<code>{escape(params.get('redirect_uri', ''))}</code>",
    )


def _problem(texts: Mapping[str, str], state: FormState, name: str) -> str:
    if name not in state.problems:
        return ""
    message = escape(texts[state.problems[name]])
    return f'<p class="error" id="{name}-error">{message}</p>'


def _described(state: FormState, name: str, *more: str) -> str:
    """The attributes tying a field to its hint and problem."""
    ids = [*more, *([f"{name}-error"] if name in state.problems else [])]
    invalid = ' aria-invalid="true"' if name in state.problems else ""
    return (f' aria-describedby="{" ".join(ids)}"' if ids else "") + invalid


def _roles(texts: Mapping[str, str], state: FormState) -> str:
    choices = "".join(
        f'<div class="choice"><input type="radio" name="role" id="role-{role}" '
        f'value="{role}"{" checked" if role == state.role else ""}>'
        f'<label for="role-{role}">{escape(texts["role." + role])}</label></div>'
        for role in ROLES
    )
    return (
        f"<fieldset{_described(state, 'role')}><legend>{escape(texts['role'])}"
        f"</legend>{choices}{_problem(texts, state, 'role')}</fieldset>"
    )


def _facilities(
    texts: Mapping[str, str], language: str, registry: Registry, state: FormState
) -> str:
    groups = []
    for code, region_names in registry.regions.items():
        options = "".join(
            f'<option value="{f.id}"{" selected" if f.id == state.facility else ""}>'
            f"{escape(f.name_in(language))} ({f.id})</option>"
            for f in registry.facilities.values()
            if f.region == code
        )
        if options:
            label = escape(region_names.get(language, code))
            groups.append(f'<optgroup label="{label}">{options}</optgroup>')
    described = _described(state, "facility", "facility-hint")
    return (
        f'<div class="field"><label for="facility">{escape(texts["facility"])}'
        f'</label><select id="facility" name="facility"{described}>'
        f'{"".join(groups)}</select><p class="hint" id="facility-hint">'
        f"{escape(texts['facility.hint'])}</p>"
        f"{_problem(texts, state, 'facility')}</div>"
    )


def _name(texts: Mapping[str, str], state: FormState) -> str:
    return (
        f'<div class="field"><label for="name">{escape(texts["name"])}</label>'
        f'<input type="text" id="name" name="name" autocomplete="name" '
        f'maxlength="{NAME_LONGEST}" value="{escape(state.name)}" required'
        f"{_described(state, 'name')}>{_problem(texts, state, 'name')}</div>"
    )
