# The same raking and by-domain estimate in R's survey package, on the CSV the benchmark wrote.
# Prints one JSON line of median seconds over the runs.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
targets <- read.csv(args[2], colClasses = c("character", "character", "numeric"))
runs <- as.integer(args[3])
total <- sum(d$base_weight)
margins <- lapply(unique(targets$variable), function(v) {
  t <- targets[targets$variable == v, ]
  df <- data.frame(as.integer(t$category), t$target * total)
  names(df) <- c(v, "Freq")
  df
})
formulas <- lapply(unique(targets$variable), function(v) as.formula(paste0("~", v)))
time_of <- function(f) median(sapply(seq_len(runs), function(i) system.time(f())[["elapsed"]]))
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~base_weight, nest = TRUE, data = d)
raked <- NULL
rake_s <- time_of(function() raked <<- rake(design, formulas, margins, control = list(maxit = 100, epsilon = 1e-6)))
estimate_s <- time_of(function() svyby(~rating, ~region, raked, svymean, na.rm = TRUE))
cat(sprintf('{"rake": %f, "domain_estimate": %f}\n', rake_s, estimate_s))
