"""The notification service on the memory unit of work: its bus, and a
dispatcher sending through channels that record what they are handed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.notification.adapters.catalogue import GettextCatalogue
from services.notification.adapters.memory_repositories import memory_change
from services.notification.adapters.secret_box import SecretBox
from services.notification.domain.model import CHANNELS, Delivery
from services.notification.domain.schedule import Backoff, QuietHours
from services.notification.domain.webhook_address import RefusedAddress
from services.notification.service_layer.dependencies import Dependencies
from services.notification.service_layer.dispatcher import Dispatcher, DispatchPolicy
from services.notification.service_layer.messagebus import MessageBus
from shared.contracts.envelope import Envelope, decode, encode
from shared.memory_unit_of_work import MemoryUnitOfWork
from shared.settings import DEV_WEBHOOK_SECRET_KEY

ALMATY = ZoneInfo("Asia/Almaty")
CATALOGUE = GettextCatalogue()
LINK = "https://kezek.test/status"


class SettableClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment.astimezone(UTC)


@dataclass
class RecordingChannel:
    """A channel that records each delivery it is handed; ``fail(n)`` may
    give the exception to raise for the n-th."""

    name: str
    sent: list[Delivery] = field(default_factory=list)
    fail: Callable[[int], Exception | None] = lambda n: None

    async def send(self, delivery: Delivery) -> None:
        self.sent.append(delivery)
        failure = self.fail(len(self.sent))
        if failure is not None:
            raise failure


class Addresses:
    """Every URL's host checks out, except those named ``refused``."""

    def __init__(self) -> None:
        self.refused: dict[str, str] = {}

    async def check(self, url: str) -> None:
        if url in self.refused:
            raise RefusedAddress(self.refused[url])


@dataclass
class Service:
    uow: MemoryUnitOfWork
    bus: MessageBus
    clock: SettableClock
    channels: dict[str, RecordingChannel]
    woken: list[bool]

    async def hear(self, envelope: Envelope) -> None:
        """Hand the bus the event as the consumer would: off the wire."""
        await self.bus.handle_event(decode(encode(envelope)))

    def dispatcher(self, max_attempts: int = 3) -> Dispatcher:
        policy = DispatchPolicy(
            max_attempts=max_attempts,
            backoff=Backoff(0.05, 0.2, jitter=lambda: 1.0),
            lease=timedelta(seconds=30),
            quiet_hours=self.bus.deps.quiet_hours,
        )
        return Dispatcher(self.uow, self.channels, policy, self.clock)

    def records(self) -> dict[str, dict]:
        return self.uow.store.collection("deliveries")

    def deliveries(self) -> list[Delivery]:
        return [r["delivery"] for r in self.records().values()]


def service(
    moment: datetime | None = None,
    *,
    quiet_hours: str = "",
    channels: tuple[str, ...] = CHANNELS,
) -> Service:
    clock = SettableClock(moment or datetime(2025, 3, 3, 12, tzinfo=ALMATY))
    uow = MemoryUnitOfWork(memory_change)
    woken: list[bool] = []
    deps = Dependencies(
        uow=uow,
        catalogue=CATALOGUE,
        clock=clock,
        quiet_hours=QuietHours.parse(quiet_hours, ALMATY),
        channels=frozenset(channels),
        status_page_url=LINK,
        sender="Kezek",
        secret_box=SecretBox(DEV_WEBHOOK_SECRET_KEY),
        webhook_addresses=Addresses(),
        wake_dispatcher=lambda: woken.append(True),
    )
    recording = {name: RecordingChannel(name) for name in channels}
    return Service(uow, MessageBus(deps), clock, recording, woken)
