"""python -m services.referral"""

from services.referral.bootstrap import init_app
from services.referral.settings import ReferralSettings
from shared.runtime import serve

if __name__ == "__main__":
    serve(ReferralSettings, init_app)
