"""Typed keys for what the patients' side keeps on the queue service's app."""

from __future__ import annotations

from aiohttp import web

from services.queue.patients.entrypoints.client_address import ClientAddresses
from services.queue.patients.service_layer.dependencies import Patients
from services.queue.patients.service_layer.patient_gate import PatientGate
from services.queue.patients.service_layer.ports import LookupLimits

PATIENTS = web.AppKey("patients", Patients)
LIMITS = web.AppKey("lookup_limits", LookupLimits)
GATE = web.AppKey("patient_gate", PatientGate)
CLIENTS = web.AppKey("client_addresses", ClientAddresses)
