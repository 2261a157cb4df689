"""The console: a backend for the browser that calls the other services'
public APIs with the signed-in user's token (it owns no patient data and no
database; ``/readyz`` checks nothing else). ``python -m services.console``,
port 8084.

Pages (server-rendered, no script; kk, ru, en by ``?lang=``, a cookie or
``Accept-Language``):

- ``/`` welcome and sign-in (``/sign-in`` -> the identity provider ->
  ``/auth/callback``), ``POST /sign-out``;
- doctor: ``/referrals`` (filter, ``POST /referrals/search`` by code or
  IIN), ``/referrals/new``, ``/referrals/{id}`` (queue, maximum wait,
  history, notifications; cancel, renew, reinstate, move, contact, tests),
  ``/referrals/{id}/slip``;
- hospital clerk: ``/admissions`` (pull, admit, no-show, reject,
  reschedule; CSV/XLSX), ``/inpatients`` (discharge), ``/bed-board``,
  ``/emergency``, ``POST /entries/search``;
- bureau (admin): ``/bureau``, ``/bureau/wait-guarantee``,
  ``/bureau/queues/{id}/log``.

Settings (``ConsoleSettings``): ``REFERRAL_URL``, ``QUEUE_URL``,
``NOTIFICATION_URL``, ``CONSOLE_PUBLIC_URL``, ``OIDC_CLIENT_ID``,
``CONSOLE_SESSION_KEY``, ``CONSOLE_SESSION_IDLE_MIN``, ``COOKIE_SECURE``,
``API_TIMEOUT_S``, ``LOCAL_TIMEZONE``, and the shared ``OIDC_*``.
"""
