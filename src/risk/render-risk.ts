import { escapeMarkdownQuiet, codeSpan, escapeMarkdown } from "../domain/markdown.js";
import type { BlastRadius, RiskAssessment } from "../domain/risk.js";

const IMPORTERS_SHOWN = 10;

/**
 * The risk section of a fix PR's evidence: every reason with its level, then the blast radius
 * facts they rest on. Paths, package and repository names come from the repository, so they go
 * through `codeSpan`/`escapeMarkdown`; owners appear in code spans so the comment pings nobody.
 */
export function renderRisk(assessment: RiskAssessment): string {
  const lines = [`### Risk: ${assessment.level.toUpperCase()}`, ""];
  for (const reason of assessment.reasons) {
    lines.push(`- **${reason.level}** ${escapeMarkdown(reason.factor)}: ${text(reason.detail)}`);
  }
  lines.push("", "#### Blast radius", "", ...blastFacts(assessment.blast));
  return lines.join("\n") + "\n";
}

function blastFacts(blast: BlastRadius): string[] {
  const facts: string[] = [];
  facts.push(`- Changed files (${blast.changedFiles.length}): ${list(blast.changedFiles, 50)}`);

  const importerEntries = Object.entries(blast.importers);
  if (importerEntries.length === 0) {
    facts.push("- Importers: no changed source files");
  } else {
    facts.push(`- Importers${blast.importersPartial ? ` (partial: ${text(blast.importersPartial)})` : ""}:`);
    for (const [path, importers] of importerEntries) {
      const shown = importers.slice(0, IMPORTERS_SHOWN).map(codeSpan).join(", ");
      const more = importers.length > IMPORTERS_SHOWN ? ` and ${importers.length - IMPORTERS_SHOWN} more` : "";
      facts.push(`  - ${codeSpan(path)} (${importers.length}): ${importers.length ? shown + more : "none"}`);
    }
  }

  const ownerEntries = Object.entries(blast.owners);
  if (ownerEntries.length === 0) {
    facts.push("- Owners: no CODEOWNERS file");
  } else {
    facts.push("- Owners:");
    for (const [path, owners] of ownerEntries) {
      facts.push(`  - ${codeSpan(path)}: ${owners.length ? owners.map(codeSpan).join(", ") : "no owner"}`);
    }
  }

  if (blast.customerFacing.length === 0) {
    facts.push("- Customer-facing: none");
  } else {
    facts.push("- Customer-facing:");
    for (const match of blast.customerFacing) {
      facts.push(`  - ${codeSpan(match.path)} matches ${match.patterns.map(codeSpan).join(", ")}`);
    }
  }

  if (blast.dependencies.length > 0) {
    facts.push("- Dependencies:");
    for (const dep of blast.dependencies) {
      const others = dep.otherRepositories.length
        ? `; also in ${dep.otherRepositories.length} other repositories: ${list(dep.otherRepositories, 5)}`
        : "";
      facts.push(
        `  - ${codeSpan(dep.name)} (${escapeMarkdown(dep.ecosystem)}) ${codeSpan(dep.fromVersion)} → ${codeSpan(dep.toVersion)}: ` +
          `${dep.delta}, ${dep.scope}, ${dep.relationship}${others}`,
      );
    }
  }
  return facts;
}

function list(items: readonly string[], limit = Number.POSITIVE_INFINITY): string {
  if (items.length === 0) return "none";
  const shown = items.slice(0, limit).map(codeSpan).join(", ");
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

// Escaped, and with a zero-width space after `@` so owners and users named in details are not pinged.
function text(detail: string): string {
  return escapeMarkdownQuiet(detail);
}
