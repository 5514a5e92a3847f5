"""The web chat API contract (``/api/v1``), published as OpenAPI at ``/openapi.json``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SUPPORTED_LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Chosen by the client; the same id continues the conversation.",
    )
    text: str = Field(min_length=1, description="The client's message (limit: MAX_TEXT_CHARS, default 2000).")
    gemeente: str | None = Field(default=None, description="Slug of a configured gemeente, e.g. 'utrecht'.")
    language: str | None = Field(default=None, description="Language hint: nl, en, tr, ar, pl or uk.")
    reference_date: dt.date | None = Field(
        default=None, description="Answer with the law in force on this day (default: today)."
    )


class Button(BaseModel):
    title: str
    payload: str


class ChatMessage(BaseModel):
    text: str
    topic: str | None = Field(description="tegenprestatie, ontheffing, ..., overig, buiten_bereik; null for small talk")
    card: str | None = Field(description="Id of the kennisbank answer card, if the text comes from one.")
    citations: list[str] = Field(description="participatiewet:<art>[:<lid>[:<onderdeel>]], awb:<art>, verordening:...")
    buttons: list[Button]


class Handoff(BaseModel):
    status: str
    queue: str | None
    urgent: bool


class ChatResponse(BaseModel):
    conversation_id: str
    language: str
    messages: list[ChatMessage]
    handoff: Handoff | None


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]
    engine: Literal["ready", "loading"]
