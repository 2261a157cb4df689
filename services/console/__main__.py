"""python -m services.console"""

from services.console.bootstrap import init_app
from services.console.settings import ConsoleSettings
from shared.runtime import serve

if __name__ == "__main__":
    serve(ConsoleSettings, init_app)
