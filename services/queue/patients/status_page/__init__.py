"""The patient's status page, served by the queue service at ``/``.

A form (code + IIN) posts to ``/v1/queue/lookup`` with ``fetch`` — the code and
the IIN never appear in a URL — and the result is rendered in Kazakh, Russian
or English from message catalogues (``locales/*.po``). Without JavaScript the
same forms post to ``/`` and ``/cancel`` and the server answers with the page
filled in. No third-party asset.
"""

from services.queue.patients.status_page.routes import setup_status_page

__all__ = ["setup_status_page"]
