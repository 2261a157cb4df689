"""Development tools the ``kezek`` CLI starts on a developer's machine (the
local mail and SMS sinks); no service imports them."""
