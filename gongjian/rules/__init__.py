"""Every domain rule once, above both stores (规则): what the stores retrieve is judged here.

The stores (:mod:`gongjian.graph`) only retrieve and write; :mod:`gongjian.queries` checks,
ranks and builds change sets with these rules, the same way for both stores. One module per
subject: :mod:`~gongjian.rules.linkage` (who is linked to a community and how strongly),
:mod:`~gongjian.rules.lists` (the three lists' statuses: available resources, active projects).
"""
