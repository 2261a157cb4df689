"""Baselines for the lookup load, answering JSON of a given size:

python -m tests.bench.bare_server PORT SIZE bare
    a bare aiohttp handler: no middleware, no validation, no lookup;
python -m tests.bench.bare_server PORT SIZE platform
    the same handler inside the shared platform app (create_app and
    add_route: correlation id, error shape, metrics, access log) - the
    ceiling any service endpoint on that platform can reach.
"""

from __future__ import annotations

import json
import sys

from aiohttp import web

from shared.http import add_route, create_app, finish_routes
from shared.logging import configure_logging
from shared.settings import ServiceSettings


def body_of_size(size: int) -> dict[str, str]:
    skeleton = len(json.dumps({"status": "waiting", "padding": ""}))
    return {"status": "waiting", "padding": "x" * max(0, size - skeleton)}


def main() -> None:
    port, size, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    answer = body_of_size(size)

    async def handler(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response(answer)

    if mode == "platform":
        configure_logging("bench-platform")
        app = create_app(ServiceSettings.from_env(service_name="bench-platform"))
        add_route(app, "POST", "/v1/queue/lookup", handler)
        finish_routes(app)
    else:
        app = web.Application()
        app.router.add_post("/v1/queue/lookup", handler)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
