from pathlib import Path

import pytest

from app.model import Model, save, train


@pytest.fixture(scope="session")
def model() -> Model:
    """The model as python -m app.train trains it (well under a second)."""
    return train()


@pytest.fixture(scope="session")
def model_path(model: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "model.joblib"
    save(model, path)
    return path
