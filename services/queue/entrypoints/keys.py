"""Typed keys for what the queue service keeps on its aiohttp app."""

from __future__ import annotations

from aiohttp import web

from services.queue.entrypoints.client_address import ClientAddresses
from services.queue.service_layer.bureau import Bureau
from services.queue.service_layer.lookup_limits import LookupLimits
from services.queue.service_layer.patient_gate import PatientGate

BUREAU = web.AppKey("bureau", Bureau)
LIMITS = web.AppKey("lookup_limits", LookupLimits)
GATE = web.AppKey("patient_gate", PatientGate)
CLIENTS = web.AppKey("client_addresses", ClientAddresses)
