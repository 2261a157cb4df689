"""python -m services.queue"""

from services.queue.bootstrap import init_app
from services.queue.settings import QueueSettings
from shared.runtime import serve

if __name__ == "__main__":
    serve(QueueSettings, init_app)
