"""Development tools the ``kezek`` CLI starts on a developer's machine (the
local mail and SMS sinks, the development issuer); no service imports them."""
