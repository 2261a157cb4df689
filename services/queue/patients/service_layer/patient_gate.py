"""Who may see a queue entry: its patient, by referral code and IIN; and once
the code has had its day's failed guesses, only with a one-time code sent to
the contact on file as well.

Only failed verifications count against a code, so a stranger holding it gets
``guesses_per_day`` IIN guesses a day and the patient is never turned away
by them: with the budget spent, the right IIN brings a one-time code (a new
one at most once a minute) and a wrong IIN the very same answer. Every
refusal is one of three exceptions that do not depend on whether the code
exists or the IIN was right. What is sent (the one-time code, the warning
that someone tried) is written afterwards, off the answer's path, so the
outbox write does not tell a right IIN from a wrong one by the answer's time.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from services.queue.messagebus import MessageBus
from services.queue.patients.domain.commands import SendOneTimeCode, WarnOfGuesses
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.patients.service_layer.ports import LookupLimits
from services.queue.patients.service_layer.views import verify_patient
from services.queue.waiting_list.domain.queue_line import IndexedEntry
from shared.iin import validate_iin
from shared.logging import get_logger

log = get_logger(__name__)


class PatientNotFound(Exception):
    """No entry for this code and IIN (the code's budget is not spent)."""


class VerificationRequired(Exception):
    """The code's budget is spent: send the one-time code with code and IIN."""


class VerificationFailed(Exception):
    """The budget is spent and code, IIN and one-time code do not match."""


class Afterwards:
    """Commands started after an answer, which does not wait for them."""

    def __init__(self, bus: MessageBus):
        self._bus = bus
        self._running: set[asyncio.Task[None]] = set()

    def start(self, command: SendOneTimeCode | WarnOfGuesses) -> None:
        task = asyncio.get_running_loop().create_task(self._run(command))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, command: SendOneTimeCode | WarnOfGuesses) -> None:
        try:
            await self._bus.handle(command)
        except Exception as exc:  # noqa: BLE001 - the patient can ask again
            log.warning(
                "lookup_notice_failed",
                command=type(command).__name__,
                error=type(exc).__name__,
            )

    async def settle(self) -> None:
        """Wait until every command started so far has finished."""
        while self._running:
            await asyncio.gather(*self._running)


class PatientGate:
    def __init__(
        self, patients: Patients, limits: LookupLimits, afterwards: Afterwards
    ):
        self.patients = patients
        self.limits = limits
        self.afterwards = afterwards

    async def admit(
        self, code: str, iin: str, one_time_code: str | None = None
    ) -> IndexedEntry:
        """The entry of ``code`` if ``iin`` (and, once the budget is spent,
        ``one_time_code``) is its patient's. Raises shared.iin.InvalidIIN for
        an IIN that cannot be anyone's (no guess), else one of the three
        refusals above."""
        if not await self.limits.budget_spent(code):
            entry = verify_patient(self.patients, code, iin)
            if entry is not None:
                return entry
            await self._guessed(code, iin)
            raise PatientNotFound(code)
        return await self._second_step(code, iin, one_time_code)

    async def _second_step(
        self, code: str, iin: str, one_time_code: str | None
    ) -> IndexedEntry:
        entry = verify_patient(self.patients, code, iin)
        if entry is None:
            await self._guessed(code, iin)
        elif one_time_code is None:
            await self._send_code(code)
        elif await self.limits.check_code(code, one_time_code):
            return entry
        if one_time_code is None:
            raise VerificationRequired(code)
        raise VerificationFailed(code)

    async def _guessed(self, code: str, iin: str) -> None:
        validate_iin(iin)
        guess = await self.limits.count_guess(code)
        if guess.warn and self.patients.book.get(code) is not None:
            at = self.patients.calendar.now()
            self.afterwards.start(WarnOfGuesses(code=code, at=at))

    async def _send_code(self, code: str) -> None:
        issued = await self.limits.issue_code(code)
        if issued is not None:
            expires_at = datetime.fromtimestamp(issued.expires_at, UTC)
            self.afterwards.start(
                SendOneTimeCode(
                    code=code, one_time_code=issued.value, expires_at=expires_at
                )
            )
