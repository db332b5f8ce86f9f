"""${{ values.name }}{% if values.description %}: ${{ values.description }}{% endif %}"""
