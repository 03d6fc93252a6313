'use strict';
// Names for the admin's form controls that Django leaves without one, which screen readers
// announce as nameless (and axe-core reports as serious):
// - the autocomplete widget (select2 4.0) names its combobox only by the rendered selection,
//   empty until something is chosen: it is named by the field's label, then the selection
//   ("Venue: United Nations Headquarters");
// - a tabular inline has no <label> in its rows: each control is named by its column's header.
// Loaded by templates/admin/base_site.html, on every admin page (a file: the CSP forbids
// inline scripts). The date and time inputs are named on the server (consultations/admin.py).
{
    // An id for ``element``, made from ``base`` if it has none.
    function idOf(element, base) {
        if (!element.id) {
            element.id = base;
        }
        return element.id;
    }

    // The header of the tabular inline's column that holds ``control``, or null.
    function columnHeader(control) {
        const cell = control.closest('td');
        const table = cell && cell.closest('.tabular table');
        const headers = table && table.querySelector('thead tr');
        const header = headers && headers.cells[cell.cellIndex];
        return header && header.textContent.trim() ? header : null;
    }

    // The element that names ``control``: its <label for>, or its column's header.
    function labelOf(control) {
        const label = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
        return label || columnHeader(control);
    }

    // ``root`` is the document, or a row just added ("formset:added" is sent from the row).
    function nameInlineControls(root) {
        const rows = root.matches && root.matches('tr') ? [root] : root.querySelectorAll('tr');
        [...rows].filter((row) => row.closest('.tabular tbody')).forEach((row) => {
            row.querySelectorAll('input:not([type=hidden]), select, textarea').forEach((control) => {
                if (control.labels.length || control.hasAttribute('aria-label') ||
                        control.hasAttribute('aria-labelledby')) {
                    return;
                }
                const header = columnHeader(control);
                if (header) {
                    // Rows are "<prefix>-0", "<prefix>-1"... and "<prefix>-empty".
                    const prefix = row.id.replace(/-[^-]*$/, '');
                    control.setAttribute(
                        'aria-labelledby', idOf(header, `${prefix}-column-${header.cellIndex}`));
                }
            });
        });
    }

    function nameComboboxes(root) {
        root.querySelectorAll('.select2-selection[role=combobox]').forEach((combobox) => {
            const rendered = combobox.querySelector('.select2-selection__rendered[id]');
            const container = combobox.closest('.select2-container');
            const select = container && container.previousElementSibling;
            if (!rendered || !select || select.tagName !== 'SELECT') {
                return;
            }
            const label = labelOf(select);
            if (!label) {
                return;
            }
            const names = `${idOf(label, `${select.id}-label`)} ${rendered.id}`;
            combobox.setAttribute('aria-labelledby', names);
            rendered.setAttribute('aria-labelledby', names);
        });
    }

    function nameAll(root) {
        nameInlineControls(root);
        nameComboboxes(root);
    }

    // autocomplete.js starts select2 in a jQuery ready handler, and on each new inline row in
    // a "formset:added" listener. A ready handler and a listener added once the DOM is loaded
    // run after those, whatever the order of the scripts in the page.
    document.addEventListener('DOMContentLoaded', () => {
        nameInlineControls(document);
        if (window.django && window.django.jQuery) {
            window.django.jQuery(() => nameComboboxes(document));
        }
        document.addEventListener('formset:added', (event) => nameAll(event.target));
    });
}
