"""python -m services.notification"""

from services.notification.bootstrap import init_app
from services.notification.settings import NotificationSettings
from shared.runtime import serve

if __name__ == "__main__":
    serve(NotificationSettings, init_app)
