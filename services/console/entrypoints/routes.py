"""The console's routes, one table."""

from __future__ import annotations

from aiohttp import web

from services.console.entrypoints import (
    admissions,
    beds,
    bureau_guarantee,
    bureau_log,
    bureau_overview,
    contact,
    entries,
    entry_forms,
    pre_admission,
    referral_page,
    referrals,
    registration,
    signing_in,
    slip,
)
from services.console.pages import no_page, stylesheet
from shared.http import add_route

ROUTES = (
    ("GET", "/", signing_in.welcome),
    ("GET", "/sign-in", signing_in.start_sign_in),
    ("GET", "/auth/callback", signing_in.callback),
    ("POST", "/sign-out", signing_in.sign_out),
    ("GET", "/referrals", referrals.referral_list),
    ("POST", "/referrals/search", referrals.search),
    ("GET", "/referrals/new", registration.new_referral),
    ("POST", "/referrals/new", registration.register),
    ("GET", "/referrals/{referral_id}", referral_page.referral_page),
    ("GET", "/referrals/{referral_id}/slip", slip.slip),
    ("POST", "/referrals/{referral_id}/contact", contact.change_contact),
    ("POST", "/referrals/{referral_id}/tests", pre_admission.change_tests),
    ("POST", "/referrals/{referral_id}/{action}", referral_page.act),
    ("GET", "/admissions", admissions.admissions),
    ("POST", "/admissions/pull", admissions.pull),
    ("GET", "/inpatients", entries.inpatients),
    ("POST", "/entries/search", entries.find),
    ("GET", "/bed-board", beds.bed_board),
    ("GET", "/emergency", beds.emergency_form),
    ("POST", "/emergency", beds.admit_emergency),
    ("GET", "/{listing}/export", entries.export),
    ("GET", "/entries/{entry_id}/{action}", entry_forms.entry_form),
    ("POST", "/entries/{entry_id}/{action}", entries.on_entry),
    ("GET", "/bureau", bureau_overview.overview),
    ("GET", "/bureau/wait-guarantee", bureau_guarantee.wait_guarantee),
    ("GET", "/bureau/queue-log", bureau_log.queue_log),
    ("GET", "/static/console.css", stylesheet),
    ("GET", "/{unknown:.*}", no_page),
)
"""Then ``finish_routes``: another method on a known path is a 405."""


def setup_routes(app: web.Application) -> None:
    for method, path, handler in ROUTES:
        add_route(app, method, path, handler)
