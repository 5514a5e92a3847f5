"""Custom Rasa components of Bijstandswijzer (loaded by Rasa 3.6 in its Python 3.10 venv)."""
