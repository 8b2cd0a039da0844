/**
 * A bar chart without a chart library: CSS columns for the eye, and the same numbers as a table
 * (behind a disclosure) for screen readers, keyboards and anyone who wants the exact values.
 */
import './bar-chart.css';

export interface ChartBar {
  /** Stable id of the bar, also its `data-key` for tests. */
  key: string;
  /** What the bar stands for, in the table and the tooltip. */
  label: string;
  value: number;
  /** The value as the person reads it (currency, units). */
  valueText: string;
  /** A short label under the bar; leave it out on most bars so the axis stays legible. */
  tick?: string;
}

interface BarChartProps {
  caption: string;
  /** A line under the caption, e.g. the scale ("Highest day: $0.42"). */
  note?: string;
  bars: ChartBar[];
  labelHeading: string;
  valueHeading: string;
  /** The disclosure's text, e.g. "Show the numbers as a table". */
  tableToggle: string;
  testId?: string;
}

export function BarChart({ caption, note, bars, labelHeading, valueHeading, tableToggle, testId }: BarChartProps) {
  const highest = Math.max(0, ...bars.map((bar) => bar.value));
  // The value axis: the highest bar's value at the top, zero at the baseline.
  const top = bars.find((bar) => bar.value === highest && highest > 0)?.valueText;
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption>
        {caption}
        {note && <span className="bar-chart-note">{note}</span>}
      </figcaption>
      {/* The table below carries the same numbers; reading 30 unlabeled shapes aloud helps nobody. */}
      <div className="bar-chart-body" aria-hidden="true">
        <div className="bar-chart-axis">
          <span>{top ?? ''}</span>
          <span>0</span>
        </div>
        <div className="bar-chart-plot">
          {bars.map((bar) => (
            <div key={bar.key} className="bar-chart-column" data-key={bar.key} data-value={bar.value} title={`${bar.label}: ${bar.valueText}`}>
              <div className={bar.value > 0 ? 'bar-chart-bar' : 'bar-chart-bar empty'} style={{ height: highest > 0 ? `${(bar.value / highest) * 100}%` : 0 }} />
              <span className="bar-chart-tick">{bar.tick ?? ''}</span>
            </div>
          ))}
        </div>
      </div>
      <details className="bar-chart-table">
        <summary>{tableToggle}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{bar.valueText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
