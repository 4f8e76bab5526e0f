// Shows the section named in the URL fragment in the page's status bar (browser script).
function showSection() {
  const section = decodeURIComponent(window.location.hash.slice(1));
  document.getElementById("status").innerHTML = section;
}

window.addEventListener("hashchange", showSection);
showSection();
