"""Channel adapters: SMS over an HTTP gateway, e-mail over SMTP, webhooks."""

from __future__ import annotations

from services.notification.domain.channels import (
    PermanentFailure,
    TransientFailure,
    http_failure,
)

RETRYABLE_HTTP = frozenset({408, 425, 429})


def check_http_status(status: int) -> None:
    """2xx is accepted; 408/425/429 and 5xx are worth retrying; any other
    answer (4xx, a redirect) will not change. The reason is ``HTTP <status>``."""
    if 200 <= status < 300:
        return
    if status >= 500 or status in RETRYABLE_HTTP:
        raise TransientFailure(http_failure(status))
    raise PermanentFailure(http_failure(status))
