/*
 * The main menu as disclosures (WAI-ARIA's disclosure navigation pattern).
 *
 * The server renders every link visible and the buttons hidden, so the menu works
 * without this script. Here the buttons appear and the menu collapses: on small
 * screens the whole list behind "Menu", everywhere a section's pages (the 22 areas
 * of "Our work") behind their own button. Submenus open on click or Enter/Space,
 * never on hover alone; Escape closes the innermost open level and puts focus back
 * on its button. Loaded from a static file (the Content-Security-Policy allows no
 * inline script) right after the menu's markup and without defer, so the menu
 * collapses before the page below it is parsed and painted: nothing moves.
 */
(function () {
  "use strict";

  var nav = document.querySelector(".main-menu");
  if (!nav) {
    return;
  }
  var toggle = nav.querySelector(".main-menu__toggle");
  var expanders = Array.prototype.slice.call(nav.querySelectorAll(".main-menu__expand"));

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  function closeSubmenus(except) {
    expanders.forEach(function (button) {
      if (button !== except) {
        setOpen(button, false);
      }
    });
  }

  if (toggle) {
    setOpen(toggle, false);
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle, !isOpen(toggle));
    });
  }
  expanders.forEach(function (button) {
    setOpen(button, false);
    button.hidden = false;
    button.addEventListener("click", function () {
      closeSubmenus(button);
      setOpen(button, !isOpen(button));
    });
  });
  // The stylesheet collapses the menu only under this class, i.e. once the buttons work.
  nav.classList.add("main-menu--enhanced");

  nav.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var open = expanders.filter(function (button) {
      return isOpen(button) && button.parentNode.contains(document.activeElement);
    })[0];
    if (open) {
      setOpen(open, false);
      open.focus();
      event.preventDefault();
    } else if (toggle && isShown(toggle) && isOpen(toggle)) {
      closeSubmenus();
      setOpen(toggle, false);
      toggle.focus();
      event.preventDefault();
    }
  });

  // A submenu drawn over the page (wide screens) closes when the visitor moves on:
  // a click elsewhere, or focus leaving the menu.
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) {
      closeSubmenus();
    }
  });
  nav.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (next && !nav.contains(next) && !(toggle && isShown(toggle))) {
      closeSubmenus();
    }
  });
})();
