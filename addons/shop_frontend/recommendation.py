# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""What customers also bought: the products Tryton's association rules
(computed from the sales by the rules' cron) recommend with a product."""
from trytond.pool import Pool, PoolMeta


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_also_bought(self, products):
        """Return the cards of the published templates the association rules
        recommend with the variants products, as many as the sale
        configuration's recommendation size, the strongest rules first.
        The same for every visitor."""
        pool = Pool()
        Configuration = pool.get('sale.configuration')
        Rule = pool.get('sale.product.association.rule')
        Template = pool.get('product.template')
        config = Configuration(1)
        method = config.get_multivalue('product_recommendation_method')
        if method != 'association_rule' or not products:
            return []
        current = {p.template.id for p in products}
        candidates = []
        for product in Rule.recommend(products):
            template = product.template.id
            if template not in current and template not in candidates:
                candidates.append(template)
        if not candidates:
            return []
        # one search instead of reading each recommended product
        published = set(Template.search([
                    Template.storefront_published_domain(self),
                    ('recommendable', '=', True),
                    ('id', 'in', candidates),
                    ]))
        templates = [
            t for t in Template.browse(candidates) if t in published]
        size = config.get_multivalue('product_recommendation_size')
        return self.storefront_product_cards(templates[:size])
