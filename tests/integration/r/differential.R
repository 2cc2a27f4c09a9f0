# Reference values from R's survey package for tests/integration/r-differential.test.ts.
#
# Usage: Rscript differential.R <data.csv> <targets.csv> <out.json>
#   data.csv     the generated respondents (see generate.ts); missing answers are empty fields
#   targets.csv  population counts, rows variable,category,target; joint margins as sex*agegroup, F*1
#   out.json     everything below, written with jsonlite::toJSON(digits = NA)
#
# One R process computes every case: R starts slowly.

suppressPackageStartupMessages({
	library(survey)
	library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: Rscript differential.R <data.csv> <targets.csv> <out.json>")
d <- read.csv(args[[1]], stringsAsFactors = FALSE)
targets <- read.csv(args[[2]], stringsAsFactors = FALSE, colClasses = "character")
targets$target <- as.numeric(targets$target)

# A population margin as postStratify/rake want it: one column per variable, and Freq.
margin <- function(variable) {
	rows <- targets[targets$variable == variable, ]
	if (nrow(rows) == 0) stop("no targets for ", variable)
	vars <- strsplit(variable, "*", fixed = TRUE)[[1]]
	parts <- do.call(rbind, strsplit(rows$category, "*", fixed = TRUE))
	frame <- as.data.frame(parts, stringsAsFactors = FALSE)
	names(frame) <- vars
	for (v in vars) if (is.numeric(d[[v]])) frame[[v]] <- as.numeric(frame[[v]])
	frame$Freq <- rows$target
	frame
}

diagonal <- function(x) if (is.matrix(x)) diag(x) else as.vector(x)

# One svystat (a single mean or total): estimate, SE, and deff / CI when asked for.
one <- function(s, df = NULL) {
	out <- list(estimate = unname(coef(s))[1], se = unname(SE(s))[1])
	if (!is.null(attr(s, "deff"))) out$deff <- diagonal(attr(s, "deff"))[1]
	if (!is.null(df)) {
		ci <- confint(s, df = df)
		out$ci_low <- ci[1, 1]
		out$ci_high <- ci[1, 2]
	}
	out
}

# Several categories of one svymean(~factor(x)): one row each.
categories <- function(s, prefix) {
	frame <- data.frame(
		category = sub(prefix, "", names(coef(s)), fixed = TRUE),
		estimate = unname(coef(s)),
		se = unname(SE(s))
	)
	if (!is.null(attr(s, "deff"))) frame$deff <- unname(diagonal(attr(s, "deff")))
	frame
}

# A svyby result: one row per domain, with the domain's degrees of freedom.
domains <- function(s, by, design, with_deff = FALSE) {
	keys <- as.character(s[[by]])
	frame <- data.frame(
		domain = keys,
		estimate = unname(coef(s)),
		se = unname(SE(s)),
		df = sapply(keys, function(k) degf(design[as.character(design$variables[[by]]) == k, ]))
	)
	# deff() fails on svyby(deff = "replace") in survey 4.1 (it tests `!"replace"`): read the column.
	if (with_deff) frame$deff <- unname(s[[grep("^DEff", names(s), value = TRUE)]])
	rownames(frame) <- NULL
	frame
}

chisq <- function(design) {
	f <- svychisq(~trust + region, design, statistic = "F")
	x <- svychisq(~trust + region, design, statistic = "Chisq")
	list(
		f = unname(f$statistic),
		ndf = unname(f$parameter[["ndf"]]),
		ddf = unname(f$parameter[["ddf"]]),
		p_f = f$p.value,
		chisq = unname(x$statistic),
		df = unname(x$parameter[["df"]]),
		p_chisq = x$p.value
	)
}

weights_of <- function(design) list(id = d$id, w = unname(weights(design)))

warnings_seen <- character()
control <- list(maxit = 200, epsilon = 1e-10)

result <- withCallingHandlers(
	{
		plain <- svydesign(ids = ~psu, strata = ~stratum, weights = ~base, nest = TRUE, data = d)
		df <- degf(plain)
		ciprop <- svyciprop(~I(trust == 2), plain, method = "logit", na.rm = TRUE)

		# Case 1: the stratified cluster design with its base weights.
		design_based <- list(
			degf = df,
			rating = one(svymean(~rating, plain, na.rm = TRUE, deff = "replace"), df),
			aware_total = one(svytotal(~aware, plain, deff = "replace")),
			trust = categories(
				svymean(~factor(trust), plain, na.rm = TRUE, deff = "replace"),
				"factor(trust)"
			),
			rating_by_region = domains(
				svyby(~rating, ~region, plain, svymean, na.rm = TRUE, deff = "replace"),
				"region",
				plain,
				with_deff = TRUE
			),
			trust2_logit = list(
				estimate = as.numeric(ciprop),
				ci_low = as.numeric(attr(ciprop, "ci"))[1],
				ci_high = as.numeric(attr(ciprop, "ci"))[2]
			)
		)

		# Case 2: raking on three margins, then on a joint margin and a simple one.
		raked <- rake(
			plain,
			list(~sex, ~agegroup, ~region),
			list(margin("sex"), margin("agegroup"), margin("region")),
			control = control
		)
		raking <- list(
			weights = weights_of(raked),
			aware = one(svymean(~aware, raked)),
			rating = one(svymean(~rating, raked, na.rm = TRUE)),
			aware_by_education = domains(svyby(~aware, ~education, raked, svymean), "education", raked)
		)
		joint <- rake(
			plain,
			list(~sex + agegroup, ~region),
			list(margin("sex*agegroup"), margin("region")),
			control = control
		)
		joint_raking <- list(
			weights = weights_of(joint),
			aware = one(svymean(~aware, joint)),
			rating = one(svymean(~rating, joint, na.rm = TRUE))
		)

		# Case 3: post-stratification on the sex × age group cells.
		poststratified <- postStratify(plain, ~sex + agegroup, margin("sex*agegroup"))
		poststratification <- list(
			weights = weights_of(poststratified),
			aware = one(svymean(~aware, poststratified)),
			rating = one(svymean(~rating, poststratified, na.rm = TRUE))
		)

		# Case 4: tests of association, trust (rows) × region (columns).
		pearson <- chisq.test(table(d$trust, d$region), correct = FALSE)
		association <- list(
			pearson = list(
				stat = unname(pearson$statistic),
				df = unname(pearson$parameter),
				p = pearson$p.value
			),
			plain = chisq(plain),
			raked = chisq(raked)
		)

		list(
			versions = list(
				r = paste(R.version$major, R.version$minor, sep = "."),
				survey = as.character(packageVersion("survey"))
			),
			n = nrow(d),
			design_based = design_based,
			raking = raking,
			joint_raking = joint_raking,
			poststratification = poststratification,
			association = association
		)
	},
	warning = function(w) {
		warnings_seen <<- c(warnings_seen, conditionMessage(w))
		invokeRestart("muffleWarning")
	}
)
result$warnings <- warnings_seen

writeLines(toJSON(result, digits = NA, auto_unbox = TRUE), args[[3]])
