/**
 * Settings as a file: export downloads the rules document; import reads one back through the same
 * checks as every save. A file that is not one (not JSON, a newer version, wrong types, too large)
 * is refused with the reason and nothing changes.
 */
import { type ChangeEvent, useId } from 'react';
import { EXPORT_FILE_NAME, useRules } from '../../lib/stores/rules';

export function ImportExport() {
  const exportText = useRules((s) => s.exportText);
  const importFile = useRules((s) => s.importFile);
  const importState = useRules((s) => s.importState);
  const loaded = useRules((s) => s.rules !== null);
  const ids = { heading: useId(), file: useId(), help: useId() };

  const download = () => {
    const url = URL.createObjectURL(new Blob([exportText()], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = EXPORT_FILE_NAME;
    document.body.append(a);
    a.click();
    a.remove();
    // The download has its own copy once it starts; a moment later the URL can go.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const chosen = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared so choosing the same file again (after fixing it) is a change.
    e.target.value = '';
    if (file) void importFile(file);
  };

  return (
    <section className="panel options-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading} className="panel__title">
        Back up and restore
      </h2>
      <p id={ids.help} className="field__help">
        The settings file holds these rules and settings only: never a password or a token.
      </p>
      <div className="actions">
        <button type="button" className="button button--secondary" disabled={!loaded} onClick={download}>
          Export settings
        </button>
        {/* The input comes first so its focus ring can be drawn on the label that looks like a button. */}
        <input
          id={ids.file}
          className="visually-hidden file-input"
          type="file"
          accept="application/json,.json"
          aria-describedby={ids.help}
          disabled={!loaded || importState.status === 'importing'}
          onChange={chosen}
        />
        <label htmlFor={ids.file} className="button button--secondary file-button">
          Import settings
        </label>
      </div>
      {importState.status === 'imported' && (
        <p className="note" role="status">
          Settings imported
        </p>
      )}
      {importState.status === 'error' && (
        <p className="alert" role="alert">
          {importState.reason}
        </p>
      )}
    </section>
  );
}
