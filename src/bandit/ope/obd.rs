//! Reading the Open Bandit Dataset's CSV files into estimator inputs, with obp's own feature
//! engineering (`OpenBanditDataset.pre_process`), so the dashboard can evaluate policies on the
//! bundled logs and get obp's numbers.

use std::collections::{BTreeMap, BTreeSet};

use super::logs::{EvalPolicy, Logs};
use crate::error::{Error, Result};

/// One OBD log file, ready for the estimators.
#[derive(Debug, Clone, PartialEq)]
pub struct ObdLogs {
    /// Actions (item ids), positions (0-based, dense rank of the `position` column), clicks and
    /// propensities.
    pub logs: Logs,
    /// Row-major `logs.len()` × `dim_context`, as pandas' `get_dummies(drop_first=True)` on the
    /// `user_feature` columns: the numeric ones (every cell a finite number, or every cell
    /// True/False) as they are, first, then each text column one-hot with its first category
    /// (sorted) dropped.
    pub contexts: Vec<f64>,
    /// Context width.
    pub dim_context: usize,
    /// Row-major `n_actions` × `dim_action`: every item column other than the unnamed index,
    /// `item_id` and `item_feature_0`, label-encoded in column order (scikit-learn's
    /// `LabelEncoder`: labels are ranks among the sorted distinct values — in numeric order for
    /// a numeric column, text order otherwise), followed by `item_feature_0`.
    pub action_context: Vec<f64>,
    /// Action-context width.
    pub dim_action: usize,
}

struct Table<'a> {
    what: &'static str,
    header: Vec<&'a str>,
    rows: Vec<Vec<&'a str>>,
}

fn table<'a>(what: &'static str, text: &'a str) -> Result<Table<'a>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| Error::corrupt(what, "empty file"))?
        .split(',')
        .collect();
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let row: Vec<&str> = line.split(',').collect();
        if row.len() != header.len() {
            return Err(Error::corrupt(
                what,
                format!(
                    "row {} has {} fields, the header {}",
                    i + 1,
                    row.len(),
                    header.len()
                ),
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(Error::corrupt(what, "no data rows"));
    }
    Ok(Table { what, header, rows })
}

/// The cells of a column as pandas' `read_csv` types it: numbers when every cell is a finite
/// number, 1/0 when every cell is a boolean (`True`/`False` in any of pandas' spellings), else
/// `None` (text). An empty cell makes a column text (pandas would read NaN, which obp's ridge
/// model refuses).
fn numeric(rows: &[Vec<&str>], j: usize) -> Option<Vec<f64>> {
    let num: Option<Vec<f64>> = rows
        .iter()
        .map(|r| r[j].trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    num.or_else(|| {
        rows.iter()
            .map(|r| match r[j].trim() {
                "True" | "TRUE" | "true" => Some(1.0),
                "False" | "FALSE" | "false" => Some(0.0),
                _ => None,
            })
            .collect()
    })
}

/// Label encoding as scikit-learn's `LabelEncoder` on a pandas column: each value's rank among
/// the sorted distinct values (numeric order for a numeric column, text order otherwise).
fn label_encode(rows: &[Vec<&str>], j: usize) -> Vec<usize> {
    match numeric(rows, j) {
        Some(x) => {
            let mut distinct = x.clone();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup_by(|a, b| a == b);
            x.iter()
                .map(|v| distinct.partition_point(|d| d < v))
                .collect()
        }
        None => {
            let s: BTreeSet<&str> = rows.iter().map(|r| r[j]).collect();
            let rank: BTreeMap<&str, usize> =
                s.into_iter().enumerate().map(|(i, v)| (v, i)).collect();
            rows.iter().map(|r| rank[r[j]]).collect()
        }
    }
}

impl Table<'_> {
    fn col(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| Error::corrupt(self.what, format!("missing column `{name}`")))
    }

    fn parse<T: std::str::FromStr>(&self, row: usize, col: usize) -> Result<T> {
        let cell = self.rows[row][col];
        cell.trim().parse().map_err(|_| {
            Error::corrupt(
                self.what,
                format!(
                    "row {}, column `{}`: cannot read {cell:?}",
                    row + 1,
                    self.header[col]
                ),
            )
        })
    }
}

impl ObdLogs {
    /// Parses a campaign's log (`all.csv`, `men.csv`, …) and its `item_context.csv`. Rounds keep
    /// the file's row order (obp sorts by `timestamp` first; the estimates do not depend on the
    /// order, per-round inputs such as q̂ do).
    pub fn parse(log_csv: &str, item_context_csv: &str) -> Result<Self> {
        let t = table("OBD log csv", log_csv)?;
        let (ci, cp, cc, cs) = (
            t.col("item_id")?,
            t.col("position")?,
            t.col("click")?,
            t.col("propensity_score")?,
        );
        let n = t.rows.len();
        let mut actions = Vec::with_capacity(n);
        let mut raw_pos = Vec::with_capacity(n);
        let mut rewards = Vec::with_capacity(n);
        let mut pscores = Vec::with_capacity(n);
        for i in 0..n {
            actions.push(t.parse::<u32>(i, ci)?);
            raw_pos.push(t.parse::<u32>(i, cp)?);
            rewards.push(t.parse::<f64>(i, cc)?);
            pscores.push(t.parse::<f64>(i, cs)?);
        }
        let distinct: BTreeSet<u32> = raw_pos.iter().copied().collect();
        let rank: BTreeMap<u32, u32> = distinct
            .iter()
            .enumerate()
            .map(|(r, &p)| (p, r as u32))
            .collect();
        let positions: Vec<u32> = raw_pos.iter().map(|p| rank[p]).collect();

        let user_cols: Vec<usize> = (0..t.header.len())
            .filter(|&j| t.header[j].contains("user_feature"))
            .collect();
        // pandas' get_dummies: the numeric columns pass through first, then the dummies.
        let numeric_cols: Vec<Vec<f64>> = user_cols
            .iter()
            .filter_map(|&j| numeric(&t.rows, j))
            .collect();
        let dummies: Vec<(usize, Vec<&str>)> = user_cols
            .iter()
            .filter(|&&j| numeric(&t.rows, j).is_none())
            .map(|&j| {
                let cats: BTreeSet<&str> = t.rows.iter().map(|r| r[j]).collect();
                (j, cats.into_iter().skip(1).collect())
            })
            .collect();
        let dim_context: usize =
            numeric_cols.len() + dummies.iter().map(|(_, c)| c.len()).sum::<usize>();
        if n.checked_mul(dim_context)
            .is_none_or(|len| len > crate::limits::MAX_ELEMENTS)
        {
            return Err(Error::corrupt(
                t.what,
                format!(
                    "{n} rows × {dim_context} user features is more than {} values",
                    crate::limits::MAX_ELEMENTS
                ),
            ));
        }
        // Reserved fallibly: a failed allocation would abort a wasm module.
        let mut contexts = Vec::new();
        contexts.try_reserve_exact(n * dim_context).map_err(|_| {
            Error::corrupt(
                t.what,
                format!("{n} rows × {dim_context} user features do not fit in memory"),
            )
        })?;
        for (i, r) in t.rows.iter().enumerate() {
            contexts.extend(numeric_cols.iter().map(|c| c[i]));
            for (j, cats) in &dummies {
                contexts.extend(cats.iter().map(|c| if r[*j] == *c { 1.0 } else { 0.0 }));
            }
        }

        let it = table("OBD item_context csv", item_context_csv)?;
        let (iid, f0) = (it.col("item_id")?, it.col("item_feature_0")?);
        // obp reads the file with `index_col=0` (the unnamed first column) and label-encodes
        // every other column but item_id and item_feature_0.
        let cat_cols: Vec<usize> = (0..it.header.len())
            .filter(|&j| j != iid && j != f0 && !(j == 0 && it.header[0].trim().is_empty()))
            .collect();
        let labels: Vec<Vec<usize>> = cat_cols
            .iter()
            .map(|&j| label_encode(&it.rows, j))
            .collect();
        let n_actions = it.rows.len();
        let mut action_context = Vec::with_capacity(n_actions * (cat_cols.len() + 1));
        for k in 0..n_actions {
            // obp indexes item features by row, so rows must be in item_id order.
            if it.parse::<usize>(k, iid)? != k {
                return Err(Error::corrupt(
                    it.what,
                    format!("row {} should hold item_id {k}", k + 1),
                ));
            }
            action_context.extend(labels.iter().map(|l| l[k] as f64));
            action_context.push(it.parse::<f64>(k, f0)?);
        }
        let logs = Logs::new(
            actions,
            Some(positions),
            rewards,
            pscores,
            n_actions,
            distinct.len(),
        )?;
        Ok(ObdLogs {
            logs,
            contexts,
            dim_context,
            action_context,
            dim_action: cat_cols.len() + 1,
        })
    }
}

/// The evaluation policy of `bts_eval_action_dist.csv` (columns campaign, item_id, position,
/// prob; positions 1-based) for `campaign`, over `n_actions` items and `len_list` positions.
pub fn eval_policy_from_csv(
    csv: &str,
    campaign: &str,
    n_actions: usize,
    len_list: usize,
) -> Result<EvalPolicy> {
    super::logs::check_shape(n_actions, len_list)?;
    let t = table("action distribution csv", csv)?;
    let (cc, ci, cp, cq) = (
        t.col("campaign")?,
        t.col("item_id")?,
        t.col("position")?,
        t.col("prob")?,
    );
    let mut probs = vec![0.0; n_actions * len_list];
    let mut seen = 0;
    for i in 0..t.rows.len() {
        if t.rows[i][cc] != campaign {
            continue;
        }
        let (a, p): (usize, usize) = (t.parse(i, ci)?, t.parse(i, cp)?);
        if a >= n_actions || p == 0 || p > len_list {
            return Err(Error::corrupt(
                t.what,
                format!("row {}: item {a} / position {p} out of range", i + 1),
            ));
        }
        probs[a * len_list + p - 1] = t.parse(i, cq)?;
        seen += 1;
    }
    if seen == 0 {
        return Err(Error::invalid(
            "campaign",
            "a campaign present in the file",
            campaign,
        ));
    }
    EvalPolicy::shared(probs, n_actions, len_list)
}
