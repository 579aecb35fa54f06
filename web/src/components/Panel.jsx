/** A white card with an optional title row and actions. */
export default function Panel({ title, subtitle, actions, children, className = '', testId, status }) {
  return (
    <section className={`panel ${className}`} data-testid={testId} data-status={status}>
      {(title || actions) && (
        <header className="panel-head">
          <div>
            {title && <h3>{title}</h3>}
            {subtitle && <div className="panel-sub">{subtitle}</div>}
          </div>
          {actions && <div className="panel-actions">{actions}</div>}
        </header>
      )}
      <div className="panel-body">{children}</div>
    </section>
  );
}
