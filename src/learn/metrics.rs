//! Metrics of a binary classifier's scores, with scikit-learn's conventions and results.
//!
//! Labels are 0/1 numbers; scores are any finite numbers (probabilities where noted).
//! - [`roc_auc`]: `roc_auc_score`, ties counted half (the trapezoid under the full ROC curve).
//! - [`roc_curve`]: `roc_curve(drop_intermediate=True)`: the first threshold is `+∞` and the
//!   first point `(0, 0)`, as scikit-learn returns them.
//! - [`pr_curve`]: `precision_recall_curve`: points in order of increasing threshold, ending at
//!   precision 1, recall 0, with one threshold fewer than points.
//! - [`log_loss`], [`brier_score`], [`calibration_curve`] (`strategy="uniform"`).

use super::check_labels;
use crate::error::{Error, Result};
use crate::limits::{self, check_count};

/// Checks labels and scores of equal, non-zero length; returns the labels as booleans.
fn check(labels: &[f64], scores: &[f64], probabilities: bool) -> Result<Vec<bool>> {
    if scores.is_empty() {
        return Err(Error::invalid(
            "scores",
            "at least one score",
            "an empty array",
        ));
    }
    let y = check_labels("labels", labels, scores.len())?;
    for (i, &s) in scores.iter().enumerate() {
        if probabilities && !(0.0..=1.0).contains(&s) {
            return Err(Error::invalid(
                format!("scores[{i}]"),
                "a probability in [0, 1]",
                s,
            ));
        }
        if !s.is_finite() {
            return Err(Error::invalid(format!("scores[{i}]"), "a finite number", s));
        }
    }
    Ok(y)
}

/// Cumulative false and true positives at each distinct score, from the highest score down, and
/// those scores (scikit-learn's `_binary_clf_curve`).
fn clf_curve(y: &[bool], scores: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut fps, mut tps, mut thresholds) = (Vec::new(), Vec::new(), Vec::new());
    let (mut fp, mut tp) = (0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        if y[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        if k + 1 == order.len() || scores[order[k + 1]] != scores[i] {
            fps.push(fp);
            tps.push(tp);
            thresholds.push(scores[i]);
        }
    }
    (fps, tps, thresholds)
}

/// Refuses labels of a single class (a curve or AUC needs both).
fn both_classes(y: &[bool]) -> Result<()> {
    let positives = y.iter().filter(|&&v| v).count();
    if positives == 0 || positives == y.len() {
        return Err(Error::invalid(
            "labels",
            "both classes (0 and 1) present",
            format!("only label {}", u8::from(positives > 0)),
        ));
    }
    Ok(())
}

/// A ROC curve: false and true positive rates at decreasing thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve {
    /// False positive rate per point, from 0 up to 1.
    pub fpr: Vec<f64>,
    /// True positive rate per point.
    pub tpr: Vec<f64>,
    /// The score threshold of each point (`score >= threshold` is predicted positive); the
    /// first is `+∞` (nothing predicted positive), as in scikit-learn.
    pub thresholds: Vec<f64>,
}

/// The area under the ROC curve; ties between a positive and a negative count one half.
pub fn roc_auc(labels: &[f64], scores: &[f64]) -> Result<f64> {
    let y = check(labels, scores, false)?;
    both_classes(&y)?;
    let (fps, tps, _) = clf_curve(&y, scores);
    let (n_neg, n_pos) = (fps[fps.len() - 1], tps[tps.len() - 1]);
    let mut area = 0.0;
    let (mut fp0, mut tp0) = (0.0, 0.0);
    for (&fp, &tp) in fps.iter().zip(&tps) {
        area += (fp - fp0) * (tp + tp0) / 2.0;
        fp0 = fp;
        tp0 = tp;
    }
    Ok(area / (n_neg * n_pos))
}

/// The ROC curve with collinear intermediate points dropped (`drop_intermediate=True`).
pub fn roc_curve(labels: &[f64], scores: &[f64]) -> Result<RocCurve> {
    let y = check(labels, scores, false)?;
    both_classes(&y)?;
    let (fps, tps, thresholds) = clf_curve(&y, scores);
    let m = fps.len();
    let keep: Vec<usize> = if m > 2 {
        (0..m)
            .filter(|&i| {
                i == 0
                    || i == m - 1
                    || fps[i - 1] - 2.0 * fps[i] + fps[i + 1] != 0.0
                    || tps[i - 1] - 2.0 * tps[i] + tps[i + 1] != 0.0
            })
            .collect()
    } else {
        (0..m).collect()
    };
    let (n_neg, n_pos) = (fps[m - 1], tps[m - 1]);
    let mut curve = RocCurve {
        fpr: vec![0.0],
        tpr: vec![0.0],
        thresholds: vec![f64::INFINITY],
    };
    for i in keep {
        curve.fpr.push(fps[i] / n_neg);
        curve.tpr.push(tps[i] / n_pos);
        curve.thresholds.push(thresholds[i]);
    }
    Ok(curve)
}

/// A precision-recall curve.
#[derive(Debug, Clone, PartialEq)]
pub struct PrCurve {
    /// Precision per point; the last is 1.
    pub precision: Vec<f64>,
    /// Recall per point, decreasing; the last is 0.
    pub recall: Vec<f64>,
    /// Increasing thresholds, one per point but the last.
    pub thresholds: Vec<f64>,
}

/// The precision-recall curve (`precision_recall_curve`, `drop_intermediate=False`).
pub fn pr_curve(labels: &[f64], scores: &[f64]) -> Result<PrCurve> {
    let y = check(labels, scores, false)?;
    if !y.iter().any(|&v| v) {
        return Err(Error::invalid(
            "labels",
            "at least one positive label (1)",
            "only label 0",
        ));
    }
    let (fps, tps, thresholds) = clf_curve(&y, scores);
    let n_pos = tps[tps.len() - 1];
    let mut precision: Vec<f64> = fps
        .iter()
        .zip(&tps)
        .rev()
        .map(|(&fp, &tp)| if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 })
        .collect();
    let mut recall: Vec<f64> = tps.iter().rev().map(|&tp| tp / n_pos).collect();
    precision.push(1.0);
    recall.push(0.0);
    Ok(PrCurve {
        precision,
        recall,
        thresholds: thresholds.into_iter().rev().collect(),
    })
}

/// Mean log loss of probabilities, each clipped to `[ε, 1 − ε]` (ε = `f64::EPSILON`) as
/// scikit-learn does.
pub fn log_loss(labels: &[f64], probabilities: &[f64]) -> Result<f64> {
    let y = check(labels, probabilities, true).map_err(rename_scores)?;
    let eps = f64::EPSILON;
    let total: f64 = y
        .iter()
        .zip(probabilities)
        .map(|(&yi, &p)| {
            let p = p.clamp(eps, 1.0 - eps);
            -if yi { p.ln() } else { (1.0 - p).ln() }
        })
        .sum();
    Ok(total / y.len() as f64)
}

/// Mean squared difference between probabilities and labels.
pub fn brier_score(labels: &[f64], probabilities: &[f64]) -> Result<f64> {
    check(labels, probabilities, true).map_err(rename_scores)?;
    let total: f64 = labels
        .iter()
        .zip(probabilities)
        .map(|(y, p)| (p - y) * (p - y))
        .sum();
    Ok(total / labels.len() as f64)
}

/// Calibration bins (`calibration_curve(strategy="uniform")`): only non-empty bins appear.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Share of positives per bin.
    pub prob_true: Vec<f64>,
    /// Mean predicted probability per bin.
    pub prob_pred: Vec<f64>,
    /// Examples per bin.
    pub counts: Vec<usize>,
}

/// Splits `[0, 1]` into `n_bins` equal bins (an edge belongs to the bin below it, as numpy's
/// `searchsorted`) and compares mean prediction with the share of positives in each.
pub fn calibration_curve(
    labels: &[f64],
    probabilities: &[f64],
    n_bins: usize,
) -> Result<Calibration> {
    check_count("nBins", n_bins, 1, limits::MAX_BINS)?;
    let y = check(labels, probabilities, true).map_err(rename_scores)?;
    let step = 1.0 / n_bins as f64;
    let mut sums = vec![0.0; n_bins];
    let mut trues = vec![0.0; n_bins];
    let mut counts = vec![0usize; n_bins];
    for (&yi, &p) in y.iter().zip(probabilities) {
        // The number of inner edges k·step (k = 1..n_bins−1) strictly below p.
        let guess = ((p / step).ceil() as usize).clamp(1, n_bins) - 1;
        let mut bin = guess;
        while bin > 0 && (bin as f64) * step >= p {
            bin -= 1;
        }
        while bin + 1 < n_bins && ((bin + 1) as f64) * step < p {
            bin += 1;
        }
        sums[bin] += p;
        trues[bin] += f64::from(u8::from(yi));
        counts[bin] += 1;
    }
    let mut out = Calibration {
        prob_true: Vec::new(),
        prob_pred: Vec::new(),
        counts: Vec::new(),
    };
    for b in (0..n_bins).filter(|&b| counts[b] > 0) {
        out.prob_true.push(trues[b] / counts[b] as f64);
        out.prob_pred.push(sums[b] / counts[b] as f64);
        out.counts.push(counts[b]);
    }
    Ok(out)
}

/// Renames `scores` to `probabilities` in an argument error.
fn rename_scores(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } if arg.starts_with("scores") => {
            Error::InvalidArgument {
                arg: arg.replacen("scores", "probabilities", 1),
                expected,
                got,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cases_by_hand() {
        let y = [0.0, 0.0, 1.0, 1.0];
        let s = [0.1, 0.4, 0.35, 0.8];
        assert_eq!(roc_auc(&y, &s).unwrap(), 0.75);
        assert_eq!(roc_auc(&y, &[0.5; 4]).unwrap(), 0.5);
        let roc = roc_curve(&y, &s).unwrap();
        assert_eq!(roc.fpr, vec![0.0, 0.0, 0.5, 0.5, 1.0]);
        assert_eq!(roc.tpr, vec![0.0, 0.5, 0.5, 1.0, 1.0]);
        assert_eq!(roc.thresholds[0], f64::INFINITY);
        let pr = pr_curve(&y, &s).unwrap();
        assert_eq!(pr.recall, vec![1.0, 1.0, 0.5, 0.5, 0.0]);
        assert_eq!(pr.thresholds, vec![0.1, 0.35, 0.4, 0.8]);
        assert!((brier_score(&y, &s).unwrap() - 0.158125).abs() < 1e-15);
        let cal = calibration_curve(&y, &[0.0, 0.5, 0.5, 1.0], 2).unwrap();
        assert_eq!(cal.counts, vec![3, 1]);
        assert_eq!(cal.prob_pred, vec![1.0 / 3.0, 1.0]);
        assert_eq!(
            log_loss(&[1.0], &[1.0]).unwrap(),
            -(1.0 - f64::EPSILON).ln()
        );
    }

    #[test]
    fn bad_inputs_are_named() {
        let e = roc_auc(&[1.0, 1.0], &[0.2, 0.3]).unwrap_err();
        assert!(e.to_string().contains("both classes"));
        let e = roc_auc(&[1.0, 0.0], &[0.2, f64::NAN]).unwrap_err();
        assert!(e.to_string().contains("`scores[1]`"));
        let e = log_loss(&[1.0, 0.0], &[0.2, 1.5]).unwrap_err();
        assert!(e.to_string().contains("`probabilities[1]`"), "{e}");
        let e = brier_score(&[1.0], &[0.2, 0.5]).unwrap_err();
        assert!(e.to_string().contains("`labels`"));
        assert!(pr_curve(&[0.0, 0.0], &[0.1, 0.2]).is_err());
        assert!(calibration_curve(&[0.0], &[0.1], 0).is_err());
        assert!(roc_curve(&[], &[]).is_err());
    }
}
