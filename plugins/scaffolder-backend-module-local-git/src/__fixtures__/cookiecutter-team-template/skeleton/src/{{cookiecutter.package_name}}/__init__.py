"""{{ cookiecutter.project_name }}, owned by {{ cookiecutter.owner }}."""

__version__ = "{{ cookiecutter.version }}"
