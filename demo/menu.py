"""The header menu of the demo shop: the kitchen and clothing categories
with some of their subcategories, the other top categories and the page
on shipping and payment."""

# (category key or page kind, children category keys)
HEADER = [
    ('kitchen', ['cookware', 'coffee', 'knives']),
    ('clothing', ['tshirts', 'pullovers', 'jackets']),
    ('garden', []),
    ('living', []),
    ('shipping', []),
    ]
