// Fill a new record's slug from its Danish or English title, whichever is filled
// (the Danish one first), until someone types in the slug themselves.
"use strict";
(function () {
  function slugify(text, maxLength) {
    if (typeof window.URLify === "function") {
      return window.URLify(text, maxLength, false);
    }
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, maxLength);
  }

  function follow(slug) {
    const sources = (slug.dataset.slugFrom || "").split(" ")
      .map((id) => document.getElementById(id)).filter(Boolean);
    if (!sources.length || slug.value) {
      return;
    }
    const maxLength = parseInt(slug.getAttribute("maxlength"), 10) || 100;
    let typed = false;
    slug.addEventListener("input", () => { typed = slug.value !== ""; });
    const fill = () => {
      if (typed) {
        return;
      }
      const filled = sources.find((source) => source.value.trim() !== "");
      slug.value = filled ? slugify(filled.value, maxLength) : "";
    };
    sources.forEach((source) => {
      source.addEventListener("input", fill);
      source.addEventListener("change", fill);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-slug-from]").forEach(follow);
  });
})();
