"""RabbitMQ messaging over aio-pika: topology, publisher, consumer."""

from shared.messaging.consumer import AlreadyProcessed, Consumer, EventHandler
from shared.messaging.publisher import Publisher, PublishFailed
from shared.messaging.topology import Topology

__all__ = [
    "AlreadyProcessed",
    "Consumer",
    "EventHandler",
    "PublishFailed",
    "Publisher",
    "Topology",
]
