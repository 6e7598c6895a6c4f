{#
    The formulas of the verification evaluation marts, each written once. They work on counts
    and probabilities, whatever table those come from:

    - every ratio follows scikit-learn's default zero_division: a ratio whose denominator is 0
      is 0 (no warning to raise in SQL);
    - doubles are cast with type_double() (macros/types.sql), never dbt.type_float(), which
      is a 4-byte REAL in DuckDB and would lose the precision the metrics are tested to (1e-9).
#}

{#- ---------- threshold grids ---------- #}

{% macro evaluation_curve_step_count() -%}
    {#- The curves and the threshold counts use the thresholds k / 1000, k = 0 … 1000. -#}
    {{ return(1000) }}
{%- endmacro %}

{% macro evaluation_threshold_step_count() -%}
    {#- verified_threshold_metrics shows the thresholds k / 100, a subset of the curve grid. -#}
    {{ return(100) }}
{%- endmacro %}

{% macro threshold_grid(step_count) -%}
    {#- One row per threshold k / step_count, k = 0 … step_count. The threshold is the double
        nearest to the fraction (one correctly rounded division), so k / 100 and 10k / 1000 are
        the same number. -#}
    select
        cast(generated_number - 1 as integer) as threshold_index,
        cast(generated_number - 1 as {{ type_double() }}) / {{ step_count }} as threshold
    from ({{ dbt.generate_series(step_count + 1) }}) as series
{%- endmacro %}

{% macro threshold_bucket(probability, step_count) -%}
    {#- The index k of the highest grid threshold k / step_count at or below `probability`, so
        that "probability >= k / step_count" is exactly "bucket >= k". floor(p * step_count) can
        be one off either way (0.8999999999999999 * 10 rounds to 9.0; 0.29 * 100 is
        28.999999999999996), so it is checked against the grid value on both sides. -#}
    {%- set scaled = 'floor(' ~ probability ~ ' * ' ~ step_count ~ ')' -%}
    cast(case
        when {{ probability }} >= ({{ scaled }} + 1) / {{ step_count }} then {{ scaled }} + 1
        when {{ probability }} < {{ scaled }} / {{ step_count }} then {{ scaled }} - 1
        else {{ scaled }}
    end as integer)
{%- endmacro %}

{#- ---------- counts and sums ---------- #}

{% macro exact_sum(expression) -%}
    {#- A sum of doubles that does not depend on the order the rows are added in: each term is
        rounded once to 24 decimals and added as a decimal (exact integer arithmetic), so a
        parallel aggregate gives the same bits on every run. A plain sum of doubles can differ
        in the last bit between runs, which would break "same input, identical tables". The
        rounding (5e-25 a term; 14 integer digits left) is far below the 1e-9 the metrics are
        tested to. -#}
    cast(sum(cast({{ expression }} as decimal(38, 24))) as {{ type_double() }})
{%- endmacro %}

{% macro count_where(condition) -%}
    {#- How many rows meet `condition`, as a bigint. -#}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro confusion_counts(actual, predicted) -%}
    {#- The four cells of the confusion matrix of boolean columns `actual` and `predicted`, as
        aggregates named true_positive_count, false_positive_count, true_negative_count and
        false_negative_count (the caller groups). -#}
    {{ count_where(actual ~ ' and ' ~ predicted) }} as true_positive_count,
    {{ count_where('not ' ~ actual ~ ' and ' ~ predicted) }} as false_positive_count,
    {{ count_where('not ' ~ actual ~ ' and not ' ~ predicted) }} as true_negative_count,
    {{ count_where(actual ~ ' and not ' ~ predicted) }} as false_negative_count
{%- endmacro %}

{#- ---------- rates from counts (sklearn's zero_division=0) ---------- #}

{% macro zero_division_ratio(numerator, denominator) -%}
    case
        when {{ denominator }} = 0 then cast(0 as {{ type_double() }})
        else cast({{ numerator }} as {{ type_double() }}) / ({{ denominator }})
    end
{%- endmacro %}

{% macro precision_score(true_positives, false_positives) -%}
    {{ zero_division_ratio(true_positives, true_positives ~ ' + ' ~ false_positives) }}
{%- endmacro %}

{% macro recall_score(true_positives, false_negatives) -%}
    {{ zero_division_ratio(true_positives, true_positives ~ ' + ' ~ false_negatives) }}
{%- endmacro %}

{% macro f1_score(true_positives, false_positives, false_negatives) -%}
    {#- 2·tp / (2·tp + fp + fn): the harmonic mean of precision and recall, from counts as
        sklearn computes it, 0 when there is no positive, predicted or true. -#}
    {{ zero_division_ratio(
        '2 * ' ~ true_positives,
        '2 * ' ~ true_positives ~ ' + ' ~ false_positives ~ ' + ' ~ false_negatives
    ) }}
{%- endmacro %}

{% macro false_positive_rate(false_positives, true_negatives) -%}
    {{ zero_division_ratio(false_positives, false_positives ~ ' + ' ~ true_negatives) }}
{%- endmacro %}

{% macro accuracy_score(correct_count, total_count) -%}
    {{ zero_division_ratio(correct_count, total_count) }}
{%- endmacro %}

{#- ---------- per-row losses (average them over rows) ---------- #}

{% macro log_loss_term(is_positive, probability) -%}
    {#- -ln of the probability given to the true class, clipped to [eps, 1 - eps] with eps the
        float64 machine epsilon, as sklearn's log_loss clips each class's probability. -#}
    -ln(least(greatest(
        case when {{ is_positive }} then {{ probability }} else 1 - {{ probability }} end,
        2.220446049250313e-16
    ), 1 - 2.220446049250313e-16))
{%- endmacro %}

{% macro brier_score_term(is_positive, probability) -%}
    {#- Squared distance between the probability and the outcome (1 or 0). -#}
    ({{ probability }} - case when {{ is_positive }} then 1 else 0 end)
    * ({{ probability }} - case when {{ is_positive }} then 1 else 0 end)
{%- endmacro %}
