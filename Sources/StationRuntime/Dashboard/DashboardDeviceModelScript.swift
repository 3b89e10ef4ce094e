// The dashboard's device model view for an OCPP 2.0.1 station: every component variable with its
// attributes, mutability, persistence and characteristics (GET .../variables), searchable, with an
// edit field for each writable attribute that sends SetVariables through POST .../variables.

/// The device model part of the dashboard's JavaScript (between the station part and the log part).
enum DashboardDeviceModelScript {
    static let javascript = #"""

    // ---- Device model (OCPP 2.0.1) ----

    const variableRows = new Map();   // component, variable and attribute as JSON -> row
    const BOOLEAN_VALUES = ['true', 'false'];

    function componentLabel(component) {
      let text = component.name + (component.instance ? '[' + component.instance + ']' : '');
      if (component.evse) text += ' · EVSE ' + component.evse.id + (component.evse.connectorId !== undefined ? '/' + component.evse.connectorId : '');
      return text;
    }
    const variableLabel = (variable) => variable.name + (variable.instance ? '[' + variable.instance + ']' : '');

    function characteristicsText(ch) {
      if (!ch) return '';
      let text = ch.dataType + (ch.unit ? ' (' + ch.unit + ')' : '');
      if (ch.minLimit !== undefined || ch.maxLimit !== undefined) {
        const min = ch.minLimit, max = ch.maxLimit;
        text += ch.dataType === 'string' ? ' ≤ ' + max + ' chars'
          : min !== undefined && max !== undefined ? ' ' + min + '–' + max : min !== undefined ? ' ≥ ' + min : ' ≤ ' + max;
      }
      if (ch.valuesList) text += ': ' + ch.valuesList.split(',').join(', ');
      return text;
    }

    function variableRow(entry, attribute) {
      const type = attribute.type || 'Actual';
      const writable = attribute.mutability !== 'ReadOnly' && !attribute.constant;
      const row = el('tr', { 'data-component': entry.component.name, 'data-evse': entry.component.evse ? entry.component.evse.id : '',
        'data-variable': entry.variable.name, 'data-instance': entry.variable.instance || '', 'data-attribute': type, 'data-mutability': attribute.mutability });
      const flags = attribute.mutability + (attribute.constant ? ', constant' : '');
      const edit = el('td', { class: 'edit' });
      if (writable) {
        const ch = entry.variableCharacteristics || {};
        const options = ch.dataType === 'boolean' ? BOOLEAN_VALUES : ch.valuesList ? ch.valuesList.split(',') : null;
        const input = el('input', { class: 'var-input', size: 14, placeholder: attribute.mutability === 'WriteOnly' ? 'new value (write-only)' : 'new value',
          type: attribute.mutability === 'WriteOnly' ? 'password' : 'text', title: characteristicsText(ch) });
        if (options) {
          const listId = 'values-' + variableRows.size;
          input.setAttribute('list', listId);
          edit.append(el('datalist', { id: listId }, ...options.map((value) => el('option', { value }))));
        }
        const button = el('button', { class: 'var-set', text: 'Set', title: 'SetVariables through POST ' + base + 'variables' });
        const send = () => setVariable(entry, type, input.value, row);
        button.addEventListener('click', send);
        input.addEventListener('keydown', (event) => { if (event.key === 'Enter') send(); });
        edit.prepend(input, button);
      }
      row.append(el('td', { text: componentLabel(entry.component) }), el('td', { class: 'var-name', text: variableLabel(entry.variable) }),
        el('td', { text: type }), el('td', { class: 'var-value' }), el('td', { class: attribute.mutability === 'ReadOnly' ? 'ro' : '', text: flags }),
        el('td', { text: attribute.persistent ? 'persistent' : '' }), el('td', { class: 'ro', text: characteristicsText(entry.variableCharacteristics) }),
        edit, el('td', { class: 'var-result' }));
      row.setAttribute('data-search', (componentLabel(entry.component) + '.' + variableLabel(entry.variable) + ' ' + type).toLowerCase());
      return row;
    }

    async function setVariable(entry, type, value, row) {
      const item = { attributeType: type, attributeValue: value, component: entry.component, variable: entry.variable };
      const name = componentLabel(entry.component) + '.' + variableLabel(entry.variable);
      const result = $('.var-result', row);
      try {
        const answer = await request('POST', base + 'variables', { setVariableData: [item] });
        const status = answer.setVariableResult[0].attributeStatus;
        result.textContent = status; result.className = 'var-result answer-ok';
        toast('SetVariables ' + name + ' = ' + (row.getAttribute('data-mutability') === 'WriteOnly' ? '…' : value) + ': ' + status);
        $('.var-input', row).value = '';
      } catch (error) {
        result.textContent = error.message; result.className = 'var-result answer-bad';
        toast('SetVariables ' + name + ': ' + error.message, true);
      }
      refreshDetails();
    }

    function showVariables(entries) {
      const body = $('#variables tbody');
      const seen = new Set();
      for (const entry of entries) {
        for (const attribute of entry.variableAttribute || []) {
          const key = JSON.stringify([entry.component, entry.variable, attribute.type || 'Actual']);
          seen.add(key);
          let row = variableRows.get(key);
          if (!row) { row = variableRow(entry, attribute); variableRows.set(key, row); body.append(row); }
          const value = attribute.value !== undefined ? attribute.value : attribute.mutability === 'WriteOnly' ? '(write-only)' : '(not set)';
          const cell = $('.var-value', row);
          if (cell.textContent !== value) cell.textContent = value;
          row.setAttribute('data-value', attribute.value !== undefined ? attribute.value : '');
        }
      }
      for (const [key, row] of variableRows) if (!seen.has(key)) { row.remove(); variableRows.delete(key); }
      filterVariables();
    }

    function filterVariables() {
      const words = $('#variables-filter').value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of variableRows.values()) {
        const text = row.getAttribute('data-search') + ' ' + row.getAttribute('data-value').toLowerCase();
        row.hidden = !words.every((word) => text.includes(word));
        if (!row.hidden) shown++;
      }
      $('#variables-count').textContent = shown + ' of ' + variableRows.size;
    }

    function clearVariables() { variableRows.clear(); $('#variables tbody').replaceChildren(); $('#variables-count').textContent = ''; }
    """#
}
