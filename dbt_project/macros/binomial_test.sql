{#-
    The exact binomial distribution function, P(X <= k) for X ~ Binomial(n, p), in DuckDB SQL (DuckDB has
    no binomial CDF): the sum over i = 0..k of C(n, i) p^i (1 - p)^(n - i), each term computed in log space
    as lgamma(n + 1) - lgamma(i + 1) - lgamma(n - i + 1) + i ln p + (n - i) ln(1 - p) and exponentiated, so
    n in the thousands neither overflows nor underflows the binomial coefficient. Exact up to floating
    point (relative error about 1e-13 for n up to 10 000); p = 0 and p = 1 are handled without logarithms
    of zero. As a one-sided p-value of k successes in n trials against the rate p: "as few or fewer".
    k, n and p are SQL expressions (k and n integers, p a double); a correlated subquery sums the terms.
    Checked against hand-computed values in tests/dbt_project/test_binomial_cdf.py.
-#}
{% macro binomial_cdf(k, n, p) -%}
    case
        when {{ p }} <= 0 then 1.0
        when {{ p }} >= 1 then case when {{ k }} >= {{ n }} then 1.0 else 0.0 end
        else least(1.0, (
            select
                sum(exp(
                    lgamma({{ n }} + 1) - lgamma(terms.i + 1) - lgamma({{ n }} - terms.i + 1)
                    + terms.i * ln({{ p }}) + ({{ n }} - terms.i) * ln(1 - {{ p }})
                ))
            from range(0, {{ k }} + 1) as terms (i)
        ))
    end
{%- endmacro %}
